#!/usr/bin/env python3
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Django's command runner hides settings errors behind "Apps aren't loaded yet";
        # load the settings first so a missing SECRET_KEY or database says so.
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as error:
        sys.exit(f"error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
