"""Settings per environment and the health endpoint, each in a fresh Python process
(settings are read once per process)."""
import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

BACKEND = Path(__file__).resolve().parent.parent.parent
UNREACHABLE_DB = "postgres://nobody:secret@127.0.0.1:1/none"


def run(code, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DB_NAME")}
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BACKEND, env=base, capture_output=True, text=True, timeout=120
    )


class SettingsTests(SimpleTestCase):
    def test_production_refuses_to_start_without_secret_key(self):
        result = run("import django; django.setup()", DJANGO_SETTINGS_MODULE="config.settings.production",
                     DATABASE_URL=UNREACHABLE_DB, ALLOWED_HOSTS="api.example.test")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is not set", result.stderr)

    def test_staging_refuses_to_start_without_allowed_hosts(self):
        result = run("import django; django.setup()", DJANGO_SETTINGS_MODULE="config.settings.staging",
                     DATABASE_URL=UNREACHABLE_DB, SECRET_KEY="example-not-secret")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ALLOWED_HOSTS is not set", result.stderr)

    def test_production_reads_hosts_and_database_url_with_an_encoded_password(self):
        code = (
            "import django; django.setup(); from django.conf import settings as s; "
            "d = s.DATABASES['default']; print(s.DEBUG, s.ALLOWED_HOSTS, d['USER'], d['PASSWORD'], d['HOST'], d['PORT'], d['NAME'])"
        )
        result = run(code, DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="k",
                     ALLOWED_HOSTS="api.example.test, www.example.test",
                     DATABASE_URL="postgres://owner:p%40ss%3Aw%2Fo%25rd%23@db.internal:5433/app")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.split(),
            ["False", "['api.example.test',", "'www.example.test']", "owner", "p@ss:w/o%rd#", "db.internal", "5433", "app"],
        )

    def test_development_needs_no_secret_key(self):
        result = run("import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
                     DJANGO_SETTINGS_MODULE="config.settings.development", DATABASE_URL=UNREACHABLE_DB)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "True")


class HealthTests(SimpleTestCase):
    def test_health_is_503_when_the_database_does_not_answer(self):
        code = (
            "import django; django.setup(); from django.test import Client; "
            "r = Client(HTTP_HOST='localhost').get('/api/v1/health/'); print(r.status_code, r.json()['status'])"
        )
        result = run(code, DJANGO_SETTINGS_MODULE="config.settings.development", DATABASE_URL=UNREACHABLE_DB)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["503", "unavailable"])
