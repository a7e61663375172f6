from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from apps.customers.models import Customer
from apps.tenants.models import Tenant, TenantUser


def two_tenants(test_class):
    """Tenants A and B, a member of each (alice, bob), two customers each."""
    User = get_user_model()
    t = test_class
    t.tenant_a = Tenant.objects.create(slug="alpha", name="Alpha")
    t.tenant_b = Tenant.objects.create(slug="beta", name="Beta")
    t.alice = User.objects.create_user("alice", password="alice-pw")
    t.bob = User.objects.create_user("bob", password="bob-pw")
    TenantUser.objects.create(tenant=t.tenant_a, user=t.alice, role="admin", is_default=True)
    TenantUser.objects.create(tenant=t.tenant_b, user=t.bob, role="admin", is_default=True)
    t.alice_token = Token.objects.create(user=t.alice).key
    t.bob_token = Token.objects.create(user=t.bob).key
    t.a1 = Customer.objects.create(tenant=t.tenant_a, name="A One", email="one@a.test")
    t.a2 = Customer.objects.create(tenant=t.tenant_a, name="A Two", email="two@a.test")
    t.b1 = Customer.objects.create(tenant=t.tenant_b, name="B One", email="one@b.test")
    t.b2 = Customer.objects.create(tenant=t.tenant_b, name="B Two", email="shared@example.test")
