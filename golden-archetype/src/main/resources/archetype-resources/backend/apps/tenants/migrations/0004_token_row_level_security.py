from django.db import migrations

from apps.tenants.rls import enable_token_rls


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0003_membership_row_level_security"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [enable_token_rls()]
