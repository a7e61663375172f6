from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from apps.core.views import health
from apps.customers.views import CustomerViewSet
from apps.tenants.views import LoginView, MembershipViewSet, MeView

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = [
    path("api/v1/health/", health, name="health"),
    # POST username + password -> {"token": ...}; the SPA sends it as "Authorization: Token ...".
    path("api/v1/auth/token/", LoginView.as_view(), name="auth-token"),
    path("api/v1/me/", MeView.as_view(), name="me"),
    path("api/v1/", include(router.urls)),
    path("admin/", admin.site.urls),
]
