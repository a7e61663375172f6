"""System check: every routed view over a TenantScopedModel derives from TenantScopedViewSet.

Runs with `manage.py check` (and therefore before tests, migrate and runserver), so a
ViewSet that forgets the tenant filter fails the build instead of leaking rows.
"""
from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from .models import TenantScopedModel
from .viewsets import TenantScopedViewSet


def _view_classes(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _view_classes(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            cls = getattr(pattern.callback, "cls", None)  # DRF as_view() sets .cls
            if cls is not None:
                yield cls


def _model_of(view_class):
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer_class = getattr(view_class, "serializer_class", None)
    meta = getattr(serializer_class, "Meta", None)
    return getattr(meta, "model", None)


def unscoped_views(patterns):
    """Routed DRF views over a TenantScopedModel that do not derive from the base."""
    found = set()
    for cls in _view_classes(patterns):
        model = _model_of(cls)
        if model is not None and issubclass(model, TenantScopedModel) and not issubclass(cls, TenantScopedViewSet):
            found.add(cls)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


@register()
def check_tenant_scoped_views(app_configs, **kwargs):
    return [
        Error(
            f"{cls.__module__}.{cls.__qualname__} serves {_model_of(cls).__name__}, a TenantScopedModel, "
            "but does not derive from TenantScopedViewSet.",
            hint="Derive it from apps.tenants.viewsets.TenantScopedViewSet, which filters by request.tenant.",
            id="tenants.E001",
        )
        for cls in unscoped_views(get_resolver().url_patterns)
    ]
