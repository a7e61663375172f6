from rest_framework import serializers

from .models import DUPLICATE_EMAIL, Customer


class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["id", "name", "email", "parent", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_email(self, value):
        # The per-tenant unique constraint, checked first for the usual case; a concurrent
        # duplicate that passes this check is still a 400 (TenantScopedViewSet).
        request = self.context["request"]
        others = Customer.objects.filter(tenant=request.tenant, email__iexact=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(DUPLICATE_EMAIL)
        return value


