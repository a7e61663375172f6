from django.db import models


class Tenant(models.Model):
    """Shared: the tenants themselves (allow-listed in golden.verify.sharedApps)."""
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=255)
