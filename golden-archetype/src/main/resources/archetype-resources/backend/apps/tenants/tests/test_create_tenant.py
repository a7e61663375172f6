"""manage.py create_tenant: what an operator runs to add a tenant and its first user."""
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase

from apps.tenants.models import Tenant, TenantDomain, TenantUser

BACKEND = Path(__file__).resolve().parents[3]


def create_tenant(*args, stdin=""):
    out = io.StringIO()
    with mock.patch("sys.stdin", io.StringIO(stdin)):
        call_command("create_tenant", *args, stdout=out)
    return out.getvalue()


class CreateTenantTests(TestCase):
    def setUp(self):
        self.password = secrets.token_urlsafe(12)

    def test_creates_the_tenant_its_domain_and_an_owner_who_can_log_in(self):
        out = create_tenant(
            "acme", "--name", "Acme Ltd", "--domain", "Acme.Example.com", "--owner", "alice",
            "--password-stdin", stdin=self.password + "\n",
        )
        tenant = Tenant.objects.get(slug="acme")
        self.assertEqual(tenant.name, "Acme Ltd")
        self.assertIn(f"Tenant acme ({tenant.pk}) created, owner alice", out)
        self.assertNotIn(self.password, out)
        self.assertEqual(list(TenantDomain.objects.filter(tenant=tenant).values_list("domain", flat=True)),
                         ["acme.example.com"])
        membership = TenantUser.objects.get(tenant=tenant, user__username="alice")
        self.assertEqual((membership.role, membership.is_default), ("owner", True))
        self.assertIsNotNone(authenticate(username="alice", password=self.password))

    def test_running_it_again_updates_instead_of_failing(self):
        create_tenant("acme", "--owner", "alice", "--password-stdin", stdin=self.password)
        out = create_tenant("acme", "--name", "Acme Two", "--owner", "alice")
        self.assertIn("updated", out)
        self.assertEqual(Tenant.objects.get(slug="acme").name, "Acme Two")
        self.assertEqual(TenantUser.objects.filter(user__username="alice").count(), 1)

    def test_a_second_tenant_of_the_same_user_is_not_its_default(self):
        create_tenant("acme", "--owner", "alice", "--password-stdin", stdin=self.password)
        create_tenant("globex", "--owner", "alice")
        defaults = TenantUser.objects.filter(user__username="alice", is_default=True)
        self.assertEqual([m.tenant.slug for m in defaults], ["acme"])

    def test_a_new_owner_needs_a_password_on_stdin(self):
        with self.assertRaisesMessage(CommandError, "user bob does not exist: give --password-stdin"):
            create_tenant("acme", "--owner", "bob")
        self.assertFalse(Tenant.objects.filter(slug="acme").exists())  # nothing half-done

    def test_empty_stdin_and_bad_input_are_refused_with_a_hint(self):
        with self.assertRaisesMessage(CommandError, "standard input was empty"):
            create_tenant("acme", "--owner", "bob", "--password-stdin", stdin="")
        with self.assertRaisesMessage(CommandError, "'Not A Slug' is not a valid slug"):
            create_tenant("Not A Slug")
        with self.assertRaisesMessage(CommandError, "give --owner USERNAME too"):
            create_tenant("acme", "--password-stdin", stdin=self.password)

    def test_a_domain_of_another_tenant_is_refused(self):
        create_tenant("acme", "--domain", "shop.example.com")
        with self.assertRaisesMessage(CommandError, "domain shop.example.com already belongs to tenant acme"):
            create_tenant("globex", "--domain", "shop.example.com")
        self.assertFalse(Tenant.objects.filter(slug="globex").exists())


class CreateTenantAsTheApplicationRoleTests(TransactionTestCase):
    """As on a droplet: `docker exec pm-backend python manage.py create_tenant`, where the
    database connection is the application role that row-level security binds."""

    def run_as_app_role(self, *args, stdin):
        db = connection.settings_dict
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DB_NAME")}
        env.update(DB_NAME=db["NAME"], DB_USER=settings.DB_APP_USER, DB_PASSWORD=os.environ.get("DB_APP_PASSWORD", ""),
                   DB_HOST=db["HOST"] or "localhost", DB_PORT=str(db["PORT"] or 5432))
        return subprocess.run([sys.executable, "manage.py", "create_tenant", *args], cwd=BACKEND, env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    def test_a_second_tenant_of_an_existing_owner_works_under_row_level_security(self):
        if not settings.DB_APP_USER:
            self.fail("DB_APP_USER must name the application role (scripts/test-backend.sh creates one)")
        password = secrets.token_urlsafe(12)
        first = self.run_as_app_role("acme", "--owner", "alice", "--password-stdin", "--staff", stdin=password + "\n")
        self.assertEqual(first.returncode, 0, first.stderr)
        second = self.run_as_app_role("globex", "--owner", "alice", stdin="")
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertNotIn(password, first.stdout + first.stderr)
        defaults = TenantUser.objects.filter(user__username="alice", is_default=True)
        self.assertEqual([m.tenant.slug for m in defaults], ["acme"])
        self.assertEqual(TenantUser.objects.filter(user__username="alice").count(), 2)
        alice = TenantUser.objects.get(user__username="alice", tenant__slug="acme").user
        self.assertTrue(alice.is_staff)
        self.assertTrue(alice.has_perm("customers.change_customer") and alice.has_perm("auth.view_user"))
        self.assertFalse(alice.has_perm("auth.change_user") or alice.has_perm("authtoken.view_tokenproxy"))
