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
API tokens (authtoken_token) get a policy too: the row whose key the request presents
(app.auth_token, set by TenantTokenAuthentication before its lookup) or the current user's
(the login view), so the application role cannot read other users' tokens.

Every other table the application role can reach is in UNPROTECTED_TABLES with the reason
it has no policy; a test compares that list with pg_class, so a new table without RLS
fails the build until it gets a policy or a reason here.
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


TOKEN_POLICY = "token_isolation"
TOKEN_EXPR = "NULLIF(current_setting('app.auth_token', true), '')"


def _enable_tokens(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("authtoken.Token")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    schema_editor.execute(f"DROP POLICY IF EXISTS {TOKEN_POLICY} ON {table}")
    schema_editor.execute(
        f"CREATE POLICY {TOKEN_POLICY} ON {table} "
        f"USING (key = {TOKEN_EXPR} OR user_id::text = {USER_EXPR}) "
        f"WITH CHECK (user_id::text = {USER_EXPR})"
    )


def _disable_tokens(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("authtoken.Token")._meta.db_table)
    schema_editor.execute(f"DROP POLICY IF EXISTS {TOKEN_POLICY} ON {table}")
    schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def enable_token_rls():
    """Migration operation: RLS on authtoken_token (the presented key or the user's own)."""
    return migrations.RunPython(_enable_tokens, _disable_tokens)


# Tables the application role can read or write without a row-level security policy, and
# why. Checked against pg_class by apps.tenants.tests.test_rls: complete, nothing stale.
UNPROTECTED_TABLES = {
    "tenants_tenant": "resolved from X-Tenant-ID, the domain or the subdomain before any tenant is "
    "known; names and flags only, no business data",
    "tenants_tenantdomain": "looked up by the request's host before any tenant is known; no business data",
    "auth_user": "looked up by username at login and by id for a session or token before any tenant "
    "is known; a user may belong to several tenants. The admin lists users per tenant membership "
    "and only a platform superuser changes them",
    "auth_group": "platform-wide permission groups, read by every permission check; superuser-only in the admin",
    "auth_group_permissions": "platform-wide, as auth_group",
    "auth_permission": "Django's permission catalogue, the same for every tenant",
    "auth_user_groups": "read by permission checks of the authenticated user; superuser-only in the admin",
    "auth_user_user_permissions": "as auth_user_groups",
    "django_content_type": "Django's model catalogue, the same for every tenant",
    "django_session": "looked up by its secret session key before authentication, as a password is",
    "django_admin_log": "written by the admin for the acting user; the admin shows each user only "
    "their own entries and registers no LogEntry admin",
    "django_migrations": "migration bookkeeping, no tenant data; written only by the owner role",
}
