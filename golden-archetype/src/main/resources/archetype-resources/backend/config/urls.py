from django.contrib import admin
from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from apps.core.views import health
from apps.customers.views import CustomerViewSet

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")

urlpatterns = [
    path("api/v1/health/", health, name="health"),
    # POST username + password -> {"token": ...}; the SPA sends it as "Authorization: Token ...".
    path("api/v1/auth/token/", obtain_auth_token, name="auth-token"),
    path("api/v1/", include(router.urls)),
    path("admin/", admin.site.urls),
]
