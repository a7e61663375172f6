"""A unique constraint violated at the database becomes a 400 with the field's message.

The serializers check uniqueness first, but a check that reads and then inserts races
with a concurrent insert: the constraint is what really decides. TenantScopedViewSet saves
inside a savepoint and hands an IntegrityError here.
"""
from django.db import models
from django.db.models.expressions import F
from rest_framework import serializers

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def _constraint_name(error):
    cause = error.__cause__
    if getattr(cause, "pgcode", None) != UNIQUE_VIOLATION and getattr(cause, "sqlstate", None) != UNIQUE_VIOLATION:
        return None
    diag = getattr(cause, "diag", None)
    return getattr(diag, "constraint_name", None) or ""


def _field_names(constraint):
    if constraint.fields:
        return list(constraint.fields)
    names = []

    def walk(expression):
        if isinstance(expression, F):
            names.append(expression.name)
        for source in getattr(expression, "get_source_expressions", lambda: [])():
            walk(source)

    for expression in constraint.expressions:
        walk(expression)
    return names


def _message(model, constraint, field):
    custom = constraint.violation_error_message
    if custom and custom != constraint.default_violation_error_message:
        return str(custom)
    label = model._meta.get_field(field).verbose_name if field else "these values"
    return f"A {model._meta.verbose_name} with this {label} already exists."


def unique_violation(model, error):
    """The ValidationError for `error` when it is a unique violation, else None."""
    name = _constraint_name(error)
    if name is None:
        return None
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.name == name:
            fields = [f for f in _field_names(constraint) if f != "tenant"]
            field = fields[0] if fields else None
            return serializers.ValidationError({field or "non_field_errors": [_message(model, constraint, field)]})
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key and name.endswith(f"_{field.column}_key"):
            return serializers.ValidationError({field.name: [_message(model, models.UniqueConstraint(fields=[field.name], name=name), field.name)]})
    return serializers.ValidationError({"non_field_errors": ["This conflicts with an existing record."]})
