from django.contrib.auth import get_user_model
from rest_framework import serializers

from .models import TenantUser


class MembershipSerializer(serializers.ModelSerializer):
    """A member of the current tenant, named by username."""

    user = serializers.SlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())

    class Meta:
        model = TenantUser
        fields = ["id", "user", "role", "is_default"]
        read_only_fields = ["id", "is_default"]

    def validate_user(self, user):
        if self.instance is not None and user != self.instance.user:
            raise serializers.ValidationError("A membership cannot move to another user: remove it and add one.")
        return user
