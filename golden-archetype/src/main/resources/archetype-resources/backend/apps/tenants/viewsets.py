from django.db import IntegrityError, transaction
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from .integrity import unique_violation
from .models import TenantScopedModel, TenantUser
from .permissions import TenantRolePermission


class TenantScopedViewSet(viewsets.ModelViewSet):
    """Base of every ViewSet over a TenantScopedModel (a test enforces this).

    - get_queryset() only ever returns rows of request.tenant: another tenant's row
      is a 404 for detail, update and delete, and absent from lists;
    - create/update assign request.tenant; a tenant in the payload is ignored;
    - a related object (FK or M2M) of another tenant is a 400;
    - roles (apps.tenants.permissions): read_role may read, write_role may write;
    - a unique constraint violated at the database (a concurrent duplicate) is a 400
      with the field's message, never a 500.
    """

    permission_classes = [IsAuthenticated, TenantRolePermission]
    read_role = TenantUser.Role.VIEWER
    write_role = TenantUser.Role.MEMBER

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication + permissions first
        # Resolve now, with the user DRF just authenticated (see TenantMiddleware).
        request.tenant.pk  # noqa: B018 - forces the lazy resolution and SET LOCAL

    def get_queryset(self):
        return super().get_queryset().filter(tenant=self.request.tenant)

    def _check_same_tenant(self, validated_data):
        tenant_id = self.request.tenant.pk
        errors = {}
        for field, value in validated_data.items():
            values = value if isinstance(value, (list, tuple, set)) else [value]
            for item in values:
                if isinstance(item, TenantScopedModel) and item.tenant_id != tenant_id:
                    # DRF's own wording for a missing pk: the answer must not reveal that
                    # the object exists in another tenant.
                    errors.setdefault(field, []).append(f'Invalid pk "{item.pk}" - object does not exist.')
        if errors:
            raise serializers.ValidationError(errors)

    def _save(self, serializer):
        try:
            # A savepoint: after a failed INSERT the request's transaction stays usable.
            with transaction.atomic():
                serializer.save(tenant=self.request.tenant)
        except IntegrityError as error:
            invalid = unique_violation(serializer.Meta.model, error)
            if invalid is None:
                raise
            raise invalid from error

    def perform_create(self, serializer):
        self._check_same_tenant(serializer.validated_data)
        self._save(serializer)

    def perform_update(self, serializer):
        self._check_same_tenant(serializer.validated_data)
        self._save(serializer)
