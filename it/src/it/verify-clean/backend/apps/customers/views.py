from rest_framework import viewsets

from .models import Customer


class CustomerViewSet(viewsets.ModelViewSet):
    def get_queryset(self):
        return Customer.objects.filter(tenant=self.request.tenant)

    def perform_create(self, serializer):
        serializer.save(tenant=self.request.tenant)
