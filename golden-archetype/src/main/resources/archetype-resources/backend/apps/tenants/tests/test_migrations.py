"""Models and migrations agree: a model change without its migration fails the build."""
import io

from django.core.management import call_command
from django.test import TestCase


class MigrationsTests(TestCase):
    def test_no_model_change_lacks_a_migration(self):
        out = io.StringIO()
        try:
            call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
        except SystemExit as exit_:
            self.fail(
                f"models changed without a migration (exit {exit_.code}):\n{out.getvalue()}\n"
                "fix: run `python manage.py makemigrations` and commit the migration"
            )
