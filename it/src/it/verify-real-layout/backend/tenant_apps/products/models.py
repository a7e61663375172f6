from django.db import models

from apps.core.models import CodedModel


class Product(CodedModel):
    description = models.CharField(max_length=200)
