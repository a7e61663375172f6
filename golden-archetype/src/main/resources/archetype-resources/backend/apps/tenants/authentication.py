"""Token authentication and login under row-level security on authtoken_token.

The application role sees a token row only when the request presents its key
(app.auth_token) or it is the current user's (app.current_user_id; the login view in
apps.tenants.views): nobody can list tokens through the running service's connection.

(A module of its own: DRF imports authentication classes while rest_framework.views loads.)
"""
from rest_framework.authentication import TokenAuthentication

from .context import set_token_lookup


class TenantTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        set_token_lookup(key)  # SET LOCAL in the request's transaction (TenantMiddleware)
        return super().authenticate_credentials(key)
