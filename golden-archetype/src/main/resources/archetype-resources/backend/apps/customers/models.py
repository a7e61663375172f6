from django.db import models
from django.db.models.functions import Lower

from apps.tenants.constraints import tenant_key
from apps.tenants.models import TenantScopedModel

DUPLICATE_EMAIL = "A customer with this email already exists in this tenant."


class Customer(TenantScopedModel):
    name = models.CharField(max_length=255)
    email = models.EmailField()
    # Parent account in the same tenant: TenantScopedViewSet rejects another tenant's, and
    # the database too (migration 0003: (tenant_id, parent_id) -> (tenant_id, id)).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["tenant", "email"], name="customers_tenant_email_idx")]
        constraints = [
            # Unique per tenant, not globally, and case-insensitive as email addresses are:
            # two tenants may have the same customer, one tenant not One@A.test and one@a.test.
            models.UniqueConstraint(
                "tenant", Lower("email"), name="customers_unique_email_per_tenant",
                violation_error_message=DUPLICATE_EMAIL,
            ),
            # What the composite foreign keys to customers reference (apps.tenants.constraints).
            tenant_key("customers_customer"),
        ]

    def __str__(self):
        return self.name
