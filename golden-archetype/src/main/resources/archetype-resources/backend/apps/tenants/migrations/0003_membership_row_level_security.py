from django.db import migrations

from apps.tenants.rls import enable_membership_rls


class Migration(migrations.Migration):
    dependencies = [("tenants", "0002_app_role_grants")]

    operations = [enable_membership_rls()]
