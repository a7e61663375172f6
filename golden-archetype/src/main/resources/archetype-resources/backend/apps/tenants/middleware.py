"""Resolves request.tenant and runs each request in a transaction scoped to it.

Order (as in the reference service):
  1. X-Tenant-ID header: must be a UUID (else 400) of a tenant the user is a member
     of (else 403, also for a tenant that does not exist, so ids cannot be probed);
  2. the exact request domain (TenantDomain);
  3. the subdomain slug: <slug>.<TENANT_BASE_DOMAIN>;
  4. the user's default membership (TenantUser.is_default).
Whatever the source, the user must be an active member of the tenant (403 otherwise);
a platform superuser is the one exception (see resolve_tenant).
Paths in TENANT_EXEMPT_PATHS (health) get no tenant and no transaction.

Why lazily: Django middleware runs before DRF authenticates. DRF authenticates
token/basic credentials inside the view (APIView.initial), and only then sets
request.user on the underlying HttpRequest. Resolving eagerly here would see
AnonymousUser for every non-session client. So the middleware opens the transaction
and installs request.tenant as a lazy object; it is resolved on first use, with the
user DRF authenticated. TenantScopedViewSet.initial() forces it right after DRF's
authentication, so errors are 400/403 responses and SET LOCAL runs before the view's
first query. Raw SQL that runs without going through request.tenant sees no tenant,
and RLS then returns no rows: the failure mode is "nothing", never "everything".
"""
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject
from rest_framework.exceptions import ParseError

from .context import set_current_tenant, set_current_user
from .models import Tenant, TenantDomain, TenantUser

HEADER = "HTTP_X_TENANT_ID"


def _host(request):
    domain, _port = split_domain_port(request.get_host())  # also handles [::1]:8000
    return domain


def _candidate(request, user):
    header = request.META.get(HEADER)
    if header:
        try:
            tenant_id = uuid.UUID(header)
        except ValueError:
            raise ParseError("X-Tenant-ID must be a tenant UUID.")
        membership = (
            TenantUser.objects.select_related("tenant").filter(user=user, tenant_id=tenant_id).first()
            if user.is_authenticated
            else None
        )
        if membership is not None:
            return membership.tenant
        tenant = Tenant.objects.filter(pk=tenant_id).first() if user.is_superuser else None
        if tenant is None:
            raise PermissionDenied("You are not a member of the tenant named by X-Tenant-ID.")
        return tenant

    host = _host(request)
    domain = TenantDomain.objects.select_related("tenant").filter(domain=host).first()
    if domain:
        return domain.tenant

    base = getattr(settings, "TENANT_BASE_DOMAIN", "").lower()
    if base and host.endswith("." + base):
        slug = host[: -len(base) - 1]
        if slug and "." not in slug:
            tenant = Tenant.objects.filter(slug=slug).first()
            if tenant:
                return tenant

    if user.is_authenticated:
        membership = (
            TenantUser.objects.select_related("tenant").filter(user=user, is_default=True).first()
        )
        if membership:
            return membership.tenant
    return None


def resolve_tenant(request):
    """The tenant of this request; raises PermissionDenied/ParseError. Sets SET LOCAL.

    Also sets request.tenant_role: the user's TenantUser.Role there. A platform superuser
    (is_superuser) is the only cross-tenant role: it may act in any tenant, as its owner.
    """
    user = request.user
    if user.is_authenticated:
        # Memberships are under RLS too: the application role sees the user's own.
        set_current_user(user.pk)
    tenant = _candidate(request, user)
    if tenant is None:
        raise PermissionDenied(
            "No tenant for this request: send X-Tenant-ID, use a tenant's domain, "
            "or set a default tenant for the user."
        )
    if not tenant.is_active:
        raise PermissionDenied("This tenant is not active.")
    role = (
        TenantUser.objects.filter(user=user, tenant=tenant).values_list("role", flat=True).first()
        if user.is_authenticated
        else None
    )
    if role is None and user.is_superuser:
        role = TenantUser.Role.OWNER
    if role is None:
        raise PermissionDenied("You are not a member of this tenant.")
    set_current_tenant(tenant.pk)
    request.tenant_role = role
    return tenant


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = tuple(getattr(settings, "TENANT_EXEMPT_PATHS", ()))

    def __call__(self, request):
        if request.path_info.startswith(self.exempt):
            request.tenant = None
            return self.get_response(request)
        request.tenant = SimpleLazyObject(lambda: resolve_tenant(request))
        request.tenant_role = None  # set when the tenant is resolved
        # One transaction per request, so that SET LOCAL (run when the tenant is
        # resolved, inside this block) holds for every query of the request.
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 400:
                # Errors were turned into responses by inner layers; undo partial writes.
                transaction.set_rollback(True)
        return response
