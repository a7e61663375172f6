from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .context import set_current_user
from .models import TenantUser
from .serializers import MembershipSerializer
from .viewsets import TenantScopedViewSet


class MeView(APIView):
    """GET /api/v1/me/: the user and the tenants they may switch to (the SPA's switcher)."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        # No tenant needed; memberships are under RLS, the user's own rows are visible.
        set_current_user(request.user.pk)
        memberships = TenantUser.objects.filter(user=request.user).select_related("tenant").order_by("tenant__name")
        return Response({
            "username": request.user.get_username(),
            "tenants": [
                {"id": str(m.tenant.pk), "slug": m.tenant.slug, "name": m.tenant.name, "role": m.role,
                 "is_default": m.is_default}
                for m in memberships
                if m.tenant.is_active
            ],
        })


class MembershipViewSet(TenantScopedViewSet):
    """/api/v1/memberships/: members of the current tenant; admins and owners manage them."""

    queryset = TenantUser.objects.select_related("user").order_by("id")
    serializer_class = MembershipSerializer
    read_role = TenantUser.Role.VIEWER
    write_role = TenantUser.Role.ADMIN

    def _only_owners_touch_owners(self, *roles):
        if TenantUser.Role.OWNER in roles and self.request.tenant_role != TenantUser.Role.OWNER:
            raise PermissionDenied("Only an owner grants, changes or removes the owner role.")

    def perform_create(self, serializer):
        self._only_owners_touch_owners(serializer.validated_data.get("role"))
        super().perform_create(serializer)

    def perform_update(self, serializer):
        self._only_owners_touch_owners(serializer.instance.role, serializer.validated_data.get("role"))
        super().perform_update(serializer)

    def perform_destroy(self, instance):
        self._only_owners_touch_owners(instance.role)
        super().perform_destroy(instance)


class LoginView(ObtainAuthToken):
    """POST username + password -> {"token": ...}: DRF's view, with the user set for RLS."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        set_current_user(user.pk)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
