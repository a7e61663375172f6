"""PostgreSQL row-level security, checked as the application role over its own connection."""
import os

import psycopg2
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

from apps.customers.models import Customer
from apps.tenants.models import TenantScopedModel
from apps.tenants.rls import UNPROTECTED_TABLES

from .factories import two_tenants


def app_role_connection():
    role, password = settings.DB_APP_USER, os.environ.get("DB_APP_PASSWORD", "")
    if not role:
        raise AssertionError(
            "DB_APP_USER/DB_APP_PASSWORD must name the application role; "
            "scripts/test-backend.sh creates one in a throwaway cluster."
        )
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=db["NAME"], user=role, password=password, host=db["HOST"] or None, port=db["PORT"] or None
    )


class RowLevelSecurityTests(TransactionTestCase):
    def setUp(self):
        two_tenants(self)
        self.app = app_role_connection()

    def tearDown(self):
        self.app.close()

    def count(self, cursor, tenant_id=None):
        if tenant_id is not None:
            cursor.execute("SELECT set_config('app.current_tenant_id', %s, true)", [str(tenant_id)])
        cursor.execute("SELECT tenant_id::text, count(*) FROM customers_customer GROUP BY tenant_id")
        return dict(cursor.fetchall())

    def test_without_a_tenant_the_application_role_sees_nothing(self):
        with self.app, self.app.cursor() as cursor:
            self.assertEqual(self.count(cursor), {})
            cursor.execute("SELECT count(*) FROM customers_customer WHERE email = 'one@b.test'")
            self.assertEqual(cursor.fetchone()[0], 0)

    def test_with_a_tenant_set_it_sees_only_that_tenants_rows(self):
        with self.app, self.app.cursor() as cursor:
            self.assertEqual(self.count(cursor, self.tenant_a.pk), {str(self.tenant_a.pk): 2})
        # SET LOCAL ended with the transaction: nothing visible again.
        with self.app, self.app.cursor() as cursor:
            self.assertEqual(self.count(cursor), {})

    def test_it_cannot_write_rows_of_another_tenant(self):
        with self.assertRaises(psycopg2.errors.InsufficientPrivilege) as raised:
            with self.app, self.app.cursor() as cursor:
                cursor.execute("SELECT set_config('app.current_tenant_id', %s, true)", [str(self.tenant_a.pk)])
                cursor.execute(
                    "INSERT INTO customers_customer (tenant_id, name, email, created_at) "
                    "VALUES (%s, 'x', 'x@b.test', now())",
                    [str(self.tenant_b.pk)],
                )
        self.assertIn("row-level security", str(raised.exception))
        self.assertFalse(Customer.objects.filter(email="x@b.test").exists())

    def test_it_cannot_update_or_delete_rows_of_another_tenant(self):
        with self.app, self.app.cursor() as cursor:
            cursor.execute("SELECT set_config('app.current_tenant_id', %s, true)", [str(self.tenant_a.pk)])
            cursor.execute("UPDATE customers_customer SET name = 'stolen' WHERE id = %s", [self.b1.pk])
            self.assertEqual(cursor.rowcount, 0)
            cursor.execute("DELETE FROM customers_customer WHERE id = %s", [self.b2.pk])
            self.assertEqual(cursor.rowcount, 0)
        self.assertEqual(Customer.objects.get(pk=self.b1.pk).name, "B One")

    def test_memberships_are_visible_only_for_the_current_tenant_or_user(self):
        def members(cursor, **settings_):
            for name, value in settings_.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [f"app.{name}", str(value)])
            cursor.execute("SELECT user_id FROM tenants_tenantuser ORDER BY user_id")
            return [row[0] for row in cursor.fetchall()]

        with self.app, self.app.cursor() as cursor:
            self.assertEqual(members(cursor), [])
        with self.app, self.app.cursor() as cursor:
            self.assertEqual(members(cursor, current_user_id=self.alice.pk), [self.alice.pk])
        with self.app, self.app.cursor() as cursor:
            self.assertEqual(members(cursor, current_tenant_id=self.tenant_b.pk), [self.bob.pk])

    def test_the_application_role_cannot_bypass_rls(self):
        with self.app, self.app.cursor() as cursor:
            cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            self.assertEqual(cursor.fetchone(), (False, False))
            cursor.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"
            )
            self.assertEqual(cursor.fetchone()[0], 0, "the application role must own no table")

    def test_the_owner_role_sees_all_rows_so_migrations_are_not_filtered(self):
        # RLS is enabled, not forced: the owner (migrations) is not filtered.
        self.assertEqual(Customer.objects.count(), 4)

    def test_every_tenant_table_has_rls_and_the_policy(self):
        tables = [
            m._meta.db_table
            for m in apps.get_models()
            if issubclass(m, TenantScopedModel) and not m._meta.proxy
        ]
        self.assertIn("customers_customer", tables)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute("SELECT relrowsecurity FROM pg_class WHERE oid = %s::regclass", [table])
                self.assertTrue(cursor.fetchone()[0], f"{table}: row-level security is not enabled")
                cursor.execute(
                    "SELECT qual, with_check FROM pg_policies WHERE tablename = %s AND policyname = 'tenant_isolation'",
                    [table],
                )
                row = cursor.fetchone()
                self.assertIsNotNone(row, f"{table}: no tenant_isolation policy (use apps.tenants.rls.enable_tenant_rls)")
                self.assertIn("app.current_tenant_id", row[0])
                self.assertIn("app.current_tenant_id", row[1])

    def test_api_tokens_are_visible_only_by_their_key_or_to_their_user(self):
        def tokens(cursor, **settings_):
            for name, value in settings_.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [f"app.{name}", str(value)])
            cursor.execute("SELECT user_id FROM authtoken_token ORDER BY user_id")
            return [row[0] for row in cursor.fetchall()]

        with self.app, self.app.cursor() as cursor:
            self.assertEqual(tokens(cursor), [], "the application role must not list API tokens")
        with self.app, self.app.cursor() as cursor:
            self.assertEqual(tokens(cursor, current_tenant_id=self.tenant_a.pk), [])
        with self.app, self.app.cursor() as cursor:
            self.assertEqual(tokens(cursor, auth_token=self.bob_token), [self.bob.pk])
        with self.app, self.app.cursor() as cursor:
            self.assertEqual(tokens(cursor, current_user_id=self.alice.pk), [self.alice.pk])


class ReachableTablesTests(TransactionTestCase):
    """Every table the application role can reach has row-level security, or is listed in
    apps.tenants.rls.UNPROTECTED_TABLES with the reason why not; the list has nothing stale."""

    def test_unprotected_tables_are_exactly_the_listed_ones(self):
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                  AND has_table_privilege(%s, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
                """,
                [settings.DB_APP_USER or "-"],
            )
            reachable = dict(cursor.fetchall())
        self.assertIn("customers_customer", reachable, "the application role has no privileges: is DB_APP_USER set?")
        unprotected = {table for table, rls in reachable.items() if not rls}
        self.assertEqual(
            sorted(unprotected - set(UNPROTECTED_TABLES)), [],
            "tables the application role reaches without row-level security: add a policy "
            "(apps.tenants.rls.enable_tenant_rls) or a reason in UNPROTECTED_TABLES",
        )
        self.assertEqual(sorted(set(UNPROTECTED_TABLES) - unprotected), [], "stale entries in UNPROTECTED_TABLES")
        self.assertTrue({"authtoken_token", "tenants_tenantuser", "customers_customer"} <= set(reachable))
        self.assertTrue(all(reason.strip() for reason in UNPROTECTED_TABLES.values()))


class CompositeForeignKeyCoverageTests(TransactionTestCase):
    """Every ForeignKey between TenantScopedModels has its (tenant_id, fk) -> (tenant_id, id)
    key at the database (apps.tenants.constraints.tenant_foreign_key)."""

    def test_every_foreign_key_between_tenant_models_includes_the_tenant(self):
        expected = [
            (model._meta.db_table, field.column, field.related_model._meta.db_table)
            for model in apps.get_models()
            if issubclass(model, TenantScopedModel)
            for field in model._meta.concrete_fields
            if field.is_relation and field.name != "tenant" and issubclass(field.related_model, TenantScopedModel)
        ]
        self.assertIn(("customers_customer", "parent_id", "customers_customer"), expected)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
                       array(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[]
                FROM pg_constraint c WHERE c.contype = 'f'
                """
            )
            keys = {(table, target, tuple(columns)) for table, target, columns in cursor.fetchall()}
        missing = [
            f"{table}.{column} -> {target}: migration op tenant_foreign_key({table!r}, {column!r}, {target!r})"
            for table, column, target in expected
            if (table, target, ("tenant_id", column)) not in keys
        ]
        self.assertEqual(missing, [])
