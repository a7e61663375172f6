from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
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


def application_role():
    role = settings.DB_APP_USER
    if not role:
        raise AssertionError(
            "DB_APP_USER/DB_APP_PASSWORD must name the application role; "
            "scripts/test-backend.sh creates one in a throwaway cluster."
        )
    return role


class AsApplicationRole:
    """TestCase mixin: the test's queries, the API's included, run as the application role
    (SET ROLE), which row-level security binds, as the running service does. Test data made
    in setUpTestData is written before, as the owner."""

    def setUp(self):
        super().setUp()
        with connection.cursor() as cursor:
            cursor.execute("SET ROLE %s" % connection.ops.quote_name(application_role()))
        self.addCleanup(self._reset_role)

    def _reset_role(self):
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def in_tenant(tenant):
    """SET LOCAL the current tenant in the test's transaction (for ORM writes under RLS)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.current_tenant_id', %s, true)", [str(tenant.pk)])


def member(tenant, username, role):
    """A user with a membership of `tenant` in `role`, and their API token."""
    user = get_user_model().objects.create_user(username, password=f"{username}-pw")
    TenantUser.objects.create(tenant=tenant, user=user, role=role, is_default=True)
    return user, Token.objects.create(user=user).key


@contextmanager
def as_owner():
    """Within an AsApplicationRole test: set up data as the owner role (no RLS), then back."""
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET ROLE %s" % connection.ops.quote_name(application_role()))
