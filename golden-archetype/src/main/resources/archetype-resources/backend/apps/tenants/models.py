import uuid

from django.conf import settings
from django.db import models


class Tenant(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=63, unique=True)
    name = models.CharField(max_length=255)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class TenantUser(models.Model):
    """Membership of a user in a tenant; the X-Tenant-ID header is checked against it."""

    class Role(models.TextChoices):
        OWNER = "owner"
        ADMIN = "admin"
        MEMBER = "member"
        VIEWER = "viewer"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tenant_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="tenants_tenantuser_unique_member"),
            # At most one default tenant per user.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True),
                name="tenants_tenantuser_one_default",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.tenant} ({self.role})"


class TenantDomain(models.Model):
    domain = models.CharField(max_length=253, unique=True)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="domains")

    def save(self, *args, **kwargs):
        # Host headers are case-insensitive; the middleware looks domains up lower-cased.
        self.domain = self.domain.lower()
        super().save(*args, **kwargs)

    def __str__(self):
        return self.domain


class TenantScopedModel(models.Model):
    """Base of every business model: rows belong to exactly one tenant.

    Isolation is enforced three times: TenantScopedViewSet filters and assigns the
    tenant, constraints and indexes lead with the tenant, and PostgreSQL row-level
    security (apps.tenants.rls) hides other tenants' rows from the application role.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", editable=False)

    class Meta:
        abstract = True
