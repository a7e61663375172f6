from django.contrib import admin

from apps.tenants.admin import TenantScopedAdmin

from .models import Customer


@admin.register(Customer)
class CustomerAdmin(TenantScopedAdmin):
    list_display = ["name", "email", "parent", "created_at"]
    search_fields = ["name", "email"]
