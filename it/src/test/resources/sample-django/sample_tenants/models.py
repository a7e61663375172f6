from django.db import models


class Tenant(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)


class Customer(models.Model):
    """Shared schema: every business row carries its tenant."""
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    email = models.EmailField()

    class Meta:
        indexes = [models.Index(fields=["tenant", "email"], name="sample_cust_tenant_email")]
        constraints = [models.UniqueConstraint(fields=["tenant", "email"], name="sample_cust_unique_email_per_tenant")]
