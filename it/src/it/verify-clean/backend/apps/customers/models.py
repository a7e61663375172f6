from django.db import models


class Customer(models.Model):
    tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)
    code = models.CharField(max_length=32)
    email = models.EmailField()

    class Meta:
        indexes = [models.Index(fields=['tenant', 'email'])]
        constraints = [models.UniqueConstraint(fields=['tenant', 'code'], name='customer_code_per_tenant')]
