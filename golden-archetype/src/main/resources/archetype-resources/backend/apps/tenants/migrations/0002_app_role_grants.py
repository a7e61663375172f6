from django.db import migrations

from apps.tenants.rls import grant_app_role


class Migration(migrations.Migration):
    """Privileges for the application role (DB_APP_USER), on the tables that exist and,
    through default privileges, on every table the owner role creates later."""

    dependencies = [
        ("tenants", "0001_initial"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("sessions", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [grant_app_role()]
