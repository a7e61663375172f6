"""Row-level security for tenant tables and grants for the application role.

Policies compare tenant_id with current_setting('app.current_tenant_id', true): the
setting is missing (NULL) or empty outside a tenant request, and then no row
matches. RLS is ENABLEd, not FORCEd: owners and superusers bypass it, and the owner
role (DB_USER) is the one that runs migrations, so schema and data migrations and
the bastion's `migrate --fake-initial` see all rows. The running application
connects as DB_APP_USER, which owns nothing and is no superuser, so the policies
bind it. FORCE would bind the owner too and make every data migration silently see
zero rows; it buys nothing while the application never connects as the owner.

Memberships (tenants_tenantuser) get their own policy: rows of the current tenant, or of
the current user (app.current_user_id, set by TenantMiddleware before it looks up the
user's memberships), so the application role cannot list other tenants' members.
Tenants and domains have no policy: the middleware looks a request's domain or subdomain
up there before any tenant is known, and they hold no business data.
"""
from functools import partial

from django.conf import settings
from django.db import migrations

POLICY = "tenant_isolation"
TENANT_EXPR = "NULLIF(current_setting('app.current_tenant_id', true), '')::uuid"


def _app_role(schema_editor):
    role = getattr(settings, "DB_APP_USER", "") or ""
    return schema_editor.quote_name(role) if role else ""


def _enable(model_label, apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model(model_label)._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
    schema_editor.execute(
        f"CREATE POLICY {POLICY} ON {table} "
        f"USING (tenant_id = {TENANT_EXPR}) WITH CHECK (tenant_id = {TENANT_EXPR})"
    )


def _disable(model_label, apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model(model_label)._meta.db_table)
    schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
    schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def enable_tenant_rls(model_label):
    """Migration operation: RLS + the isolation policy on a TenantScopedModel's table."""
    return migrations.RunPython(partial(_enable, model_label), partial(_disable, model_label))


MEMBERSHIP_POLICY = "member_isolation"
USER_EXPR = "NULLIF(current_setting('app.current_user_id', true), '')"


def _enable_memberships(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("tenants.TenantUser")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    schema_editor.execute(f"DROP POLICY IF EXISTS {MEMBERSHIP_POLICY} ON {table}")
    # user_id compared as text: no assumption about the user model's key type.
    schema_editor.execute(
        f"CREATE POLICY {MEMBERSHIP_POLICY} ON {table} "
        f"USING (tenant_id = {TENANT_EXPR} OR user_id::text = {USER_EXPR}) "
        f"WITH CHECK (tenant_id = {TENANT_EXPR})"
    )


def _disable_memberships(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("tenants.TenantUser")._meta.db_table)
    schema_editor.execute(f"DROP POLICY IF EXISTS {MEMBERSHIP_POLICY} ON {table}")
    schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def enable_membership_rls():
    """Migration operation: RLS on tenants_tenantuser (tenant's rows or the user's own)."""
    return migrations.RunPython(_enable_memberships, _disable_memberships)


def _grant(apps, schema_editor):
    role = _app_role(schema_editor)
    if schema_editor.connection.vendor != "postgresql" or not role:
        return
    schema_editor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
    # Tables that exist now (Django's own apps migrate first) ...
    schema_editor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    schema_editor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    # ... and every table the owner (the role running migrations) creates later.
    schema_editor.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}"
    )
    schema_editor.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}")


def grant_app_role():
    """Migration operation: table privileges for DB_APP_USER (no-op when it is unset)."""
    return migrations.RunPython(_grant, migrations.RunPython.noop)
