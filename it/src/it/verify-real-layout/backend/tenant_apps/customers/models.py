from django.db import models

from apps.core.models import TenantOwnedModel


class Customer(TenantOwnedModel):
    name = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)


class Contact(TenantOwnedModel):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    phone = models.CharField(max_length=30)
