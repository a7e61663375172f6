from django.apps import AppConfig


class SampleTenantsConfig(AppConfig):
    name = "sample_tenants"
