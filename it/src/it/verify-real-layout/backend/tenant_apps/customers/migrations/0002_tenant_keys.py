from django.db import migrations


class Migration(migrations.Migration):
    """The customer's parent in the same tenant, at the database: (tenant_id, parent_id) -> (tenant_id, id)."""

    dependencies = [("customers", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql='ALTER TABLE "customers_customer" ADD CONSTRAINT "customers_parent_same_tenant_fk" '
                'FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "customers_customer" ("tenant_id", "id")',
            reverse_sql='ALTER TABLE "customers_customer" DROP CONSTRAINT "customers_parent_same_tenant_fk"',
        ),
    ]
