from django.db import models

from apps.tenants.models import TenantScopedModel


class Customer(TenantScopedModel):
    name = models.CharField(max_length=255)
    email = models.EmailField()
    # Parent account in the same tenant (TenantScopedViewSet rejects another tenant's).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["tenant", "email"], name="customers_tenant_email_idx")]
        constraints = [
            # Unique per tenant, not globally: two tenants may have the same customer.
            models.UniqueConstraint(fields=["tenant", "email"], name="customers_unique_email_per_tenant"),
        ]

    def __str__(self):
        return self.name
