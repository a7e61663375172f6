from django.db import models


class Tenant(models.Model):
    slug = models.SlugField(unique=True)
