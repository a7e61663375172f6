"""Structure rules: tenant models and the views over them use the bases."""
from django.apps import apps
from django.core import checks
from django.test import SimpleTestCase
from django.urls import get_resolver, include, path
from rest_framework import viewsets
from rest_framework.routers import DefaultRouter

from apps.customers.models import Customer
from apps.customers.serializers import CustomerSerializer
from apps.tenants.checks import unscoped_views
from apps.tenants.models import Tenant, TenantScopedModel


# golden:allow tenancy-viewset the negative example this rule test must catch; never routed
class PlainCustomerViewSet(viewsets.ModelViewSet):
    """What the rule must catch: no tenant filter."""

    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer


class StructureTests(SimpleTestCase):
    def test_every_routed_view_over_a_tenant_model_derives_from_the_base(self):
        self.assertEqual(unscoped_views(get_resolver().url_patterns), [])
        self.assertEqual([e for e in checks.run_checks() if e.id == "tenants.E001"], [])

    def test_the_rule_catches_a_viewset_that_does_not_derive_from_the_base(self):
        router = DefaultRouter()
        router.register("leaky", PlainCustomerViewSet, basename="leaky")
        patterns = [path("api/v1/", include(router.urls))]
        self.assertEqual(unscoped_views(patterns), [PlainCustomerViewSet])

    def test_every_model_with_a_tenant_foreign_key_is_tenant_scoped(self):
        directory = {"tenants.TenantUser", "tenants.TenantDomain"}  # resolve tenants; no RLS
        offenders = [
            m._meta.label
            for m in apps.get_models()
            if m._meta.label not in directory
            and any(getattr(f, "related_model", None) is Tenant for f in m._meta.concrete_fields)
            and not issubclass(m, TenantScopedModel)
        ]
        self.assertEqual(offenders, [])
