from django.db import models

from apps.core.models import TenantOwnedModel, TimestampModel


class Supplier(TenantOwnedModel):
    name = models.CharField(max_length=100)
    email = models.EmailField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "email"], name="supplier_email_per_tenant")]


class SupplierAudit(TimestampModel):
    message = models.TextField()
