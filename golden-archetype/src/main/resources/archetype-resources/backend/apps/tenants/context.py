"""The tenant of the current database transaction, as PostgreSQL's RLS policies see it."""
from django.db import connection

SETTING = "app.current_tenant_id"
USER_SETTING = "app.current_user_id"
# The API token a request presents: authtoken_token's policy shows the application role
# only the row with this key (authentication) or the current user's (login).
TOKEN_SETTING = "app.auth_token"


def set_current_tenant(tenant_id):
    """SET LOCAL app.current_tenant_id for the current transaction.

    set_config(..., is_local => true) is SET LOCAL with a bound parameter. It only
    lasts until the end of the transaction, so it must run inside one: outside a
    transaction (autocommit) it would be discarded at once and RLS would see no
    tenant. Hence the explicit check instead of trusting the caller.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("set_current_tenant() must run inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, str(tenant_id)])


def set_current_user(user_id):
    """SET LOCAL app.current_user_id: the memberships policy shows a user their own rows."""
    if not connection.in_atomic_block:
        raise RuntimeError("set_current_user() must run inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [USER_SETTING, str(user_id)])


def set_token_lookup(key):
    """SET LOCAL app.auth_token: lets the application role find the token being presented."""
    if not connection.in_atomic_block:
        raise RuntimeError("set_token_lookup() must run inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [TOKEN_SETTING, str(key)])


def current_tenant_setting():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [SETTING])
        return cursor.fetchone()[0]


__all__ = ["set_current_tenant", "set_current_user", "set_token_lookup", "current_tenant_setting"]
