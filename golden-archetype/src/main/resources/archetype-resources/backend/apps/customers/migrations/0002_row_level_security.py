from django.db import migrations

from apps.tenants.rls import enable_tenant_rls


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [enable_tenant_rls("customers.Customer")]
