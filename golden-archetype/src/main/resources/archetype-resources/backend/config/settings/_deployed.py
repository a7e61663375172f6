"""Checks shared by staging and production: no defaults for secrets or hosts."""
from django.core.exceptions import ImproperlyConfigured


def require(name, value):
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Deployed environments read it from the process environment; "
            "see config/env.manifest.json for the secret that provides it."
        )
    return value
