"""Foreign keys between tenant tables that also match the tenant, at the database.

PostgreSQL checks a foreign key as the table owner, ignoring row-level security, so a
plain `parent_id -> id` lets the application role (tenant A set) link A's row to B's.
A composite key `(tenant_id, parent_id) -> (tenant_id, id)` makes such a row impossible.
Django 4.2 cannot declare one, so the pattern is, for every ForeignKey from a
TenantScopedModel to a TenantScopedModel:

1. the target model declares `UniqueConstraint(fields=["tenant", "id"], ...)` (the
   composite key needs a unique key to reference; `tenant_key(...)` below);
2. a migration adds the composite key with
   `tenant_foreign_key("<table>", "<column>_id", "<target table>")`, a RunSQL with its
   reverse. A test compares every such ForeignKey with pg_constraint, and golden:verify
   flags a ForeignKey between tenant models without it.

A NULL parent is not checked (MATCH SIMPLE), and on_delete stays Django's: the key has no
ON DELETE action of its own.
"""
import hashlib

from django.db import migrations, models

SUFFIX = "_same_tenant_fk"


def tenant_key(model_name):
    """The `(tenant, id)` unique constraint a composite key references."""
    return models.UniqueConstraint(fields=["tenant", "id"], name=f"{model_name}_tenant_id_key")


def constraint_name(table, column):
    name = f"{table}_{column}{SUFFIX}"
    if len(name) > 63:  # PostgreSQL's identifier limit
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{table[:63 - len(SUFFIX) - 9]}_{digest}{SUFFIX}"
    return name


def tenant_foreign_key(table, column, target, target_column="id"):
    """Migration operation: FOREIGN KEY (tenant_id, column) -> target (tenant_id, target_column)."""
    name = constraint_name(table, column)
    return migrations.RunSQL(
        sql=(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" '
            f'FOREIGN KEY ("tenant_id", "{column}") REFERENCES "{target}" ("tenant_id", "{target_column}")'
        ),
        reverse_sql=f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"',
    )
