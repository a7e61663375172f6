import django.db.models.functions.text
from django.db import migrations, models

from apps.tenants.constraints import tenant_foreign_key


class Migration(migrations.Migration):
    """Email unique per tenant regardless of case; the parent in the same tenant at the
    database: (tenant_id, parent_id) -> (tenant_id, id), the pattern for every foreign key
    between tenant models (apps.tenants.constraints)."""

    dependencies = [("customers", "0002_row_level_security")]

    operations = [
        migrations.RemoveConstraint(model_name="customer", name="customers_unique_email_per_tenant"),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.UniqueConstraint(
                models.F("tenant"), django.db.models.functions.text.Lower("email"),
                name="customers_unique_email_per_tenant",
                violation_error_message="A customer with this email already exists in this tenant.",
            ),
        ),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.UniqueConstraint(fields=("tenant", "id"), name="customers_customer_tenant_id_key"),
        ),
        tenant_foreign_key("customers_customer", "parent_id", "customers_customer"),
    ]
