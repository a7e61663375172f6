from apps.tenants.viewsets import TenantScopedViewSet

from .models import Customer
from .serializers import CustomerSerializer


class CustomerViewSet(TenantScopedViewSet):
    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer
