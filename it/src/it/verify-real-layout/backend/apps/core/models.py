"""Shared lookups and the abstract bases every tenant model derives from."""
from django.db import models


class Protein(models.Model):
    """Shared by every tenant (core is a shared app): a global unique name is right here."""

    name = models.CharField(max_length=50, unique=True)


class TimestampModel(models.Model):
    created_on = models.DateTimeField(auto_now_add=True)
    modified_on = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TenantOwnedModel(TimestampModel):
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE)

    class Meta:
        abstract = True


class CodedModel(TenantOwnedModel):
    code = models.CharField(max_length=20, unique=True)

    class Meta:
        abstract = True
