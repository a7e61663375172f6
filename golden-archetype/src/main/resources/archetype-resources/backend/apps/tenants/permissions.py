"""Tenant roles, enforced: what each TenantUser.Role may do through a tenant ViewSet.

    viewer  read (GET, HEAD, OPTIONS)
    member  read and write the tenant's business data
    admin   also manage the tenant's memberships (/api/v1/memberships/)
    owner   as admin; only an owner grants, changes or removes the owner role

A ViewSet states the least role for reading and for writing (read_role, write_role);
TenantScopedViewSet defaults to viewer and member.
"""
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import TenantUser

RANK = {
    TenantUser.Role.VIEWER: 0,
    TenantUser.Role.MEMBER: 1,
    TenantUser.Role.ADMIN: 2,
    TenantUser.Role.OWNER: 3,
}


def has_role(role, least):
    """True when `role` is `least` or above it."""
    return role in RANK and RANK[role] >= RANK[least]


class TenantRolePermission(BasePermission):
    message = "Your role in this tenant does not allow this."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        # Resolving the tenant (lazy, see TenantMiddleware) sets request.tenant_role; it
        # raises PermissionDenied for a tenant the user is not a member of.
        request.tenant.pk  # noqa: B018
        least = view.read_role if request.method in SAFE_METHODS else view.write_role
        return has_role(request.tenant_role, least)
