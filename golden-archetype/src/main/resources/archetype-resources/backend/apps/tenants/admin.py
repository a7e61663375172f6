"""The Django admin, tenant-aware.

- Staff of a tenant see and change only the rows of the request's tenant (resolved as for
  the API: domain, subdomain or the user's default tenant): TenantScopedAdmin is the base of
  every ModelAdmin over a TenantScopedModel, with the API's queryset (tenant=request.tenant).
- Users are listed per membership of the request's tenant and are read-only for tenant
  staff: a user may belong to several tenants, so changing one (its password, its flags)
  is a platform superuser's job. Memberships are managed through /api/v1/memberships/.
- API tokens are never displayed: DRF's token admin is unregistered.
- A platform superuser (is_superuser) is the only cross-tenant role: it may open the admin
  on any tenant's domain and manages tenants, domains, users and groups.
"""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import TokenProxy

from .models import Tenant, TenantDomain, TenantScopedModel, TenantUser


def request_tenant(request):
    """The request's tenant, or None when the user has none here (no admin pages then)."""
    try:
        return request.tenant if request.tenant is not None and request.tenant.pk else None
    except PermissionDenied:
        return None


class TenantScopedAdmin(admin.ModelAdmin):
    """Base of every ModelAdmin over a TenantScopedModel: rows of request.tenant only."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(tenant=request_tenant(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if isinstance(model, type) and issubclass(model, TenantScopedModel):
            kwargs["queryset"] = model._default_manager.filter(tenant=request_tenant(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        model = db_field.related_model
        if isinstance(model, type) and issubclass(model, TenantScopedModel):
            kwargs["queryset"] = model._default_manager.filter(tenant=request_tenant(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.tenant = request_tenant(request)
        super().save_model(request, obj, form, change)

    def has_module_permission(self, request):
        return request_tenant(request) is not None and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request_tenant(request) is not None and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request_tenant(request) is not None and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request_tenant(request) is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request_tenant(request) is not None and super().has_delete_permission(request, obj)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Platform-wide data: only a platform superuser sees it."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class MemberUserAdmin(UserAdmin):
    """Users: a superuser sees all; tenant staff see the members of their tenant, read-only."""

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(tenant_memberships__tenant=request_tenant(request)).distinct()

    def has_module_permission(self, request):
        return super().has_module_permission(request) and (
            request.user.is_superuser or request_tenant(request) is not None
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            request.user.is_superuser or request_tenant(request) is not None
        )

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Tenant)
class TenantAdmin(SuperuserOnlyAdmin):
    list_display = ["slug", "name", "is_active", "created_at"]


@admin.register(TenantDomain)
class TenantDomainAdmin(SuperuserOnlyAdmin):
    list_display = ["domain", "tenant"]


@admin.register(TenantUser)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships of the request's tenant (RLS shows the app role no others)."""

    list_display = ["user", "role", "is_default"]
    readonly_fields = ["tenant", "user", "is_default"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(tenant=request_tenant(request))

    def has_module_permission(self, request):
        return request_tenant(request) is not None and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request_tenant(request) is not None and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # through /api/v1/memberships/ or create_tenant

    def has_change_permission(self, request, obj=None):
        return request_tenant(request) is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request_tenant(request) is not None and super().has_delete_permission(request, obj)


class PlatformGroupAdmin(SuperuserOnlyAdmin, GroupAdmin):
    pass


User = get_user_model()
for model in (User, Group, TokenProxy):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(User, MemberUserAdmin)
admin.site.register(Group, PlatformGroupAdmin)
# TokenProxy stays unregistered: a token is a password, never displayed.
