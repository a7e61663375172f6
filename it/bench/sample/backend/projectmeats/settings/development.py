import os

import dj_database_url

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.contenttypes", "bench"]
MIDDLEWARE = []
ROOT_URLCONF = "projectmeats.urls"
WSGI_APPLICATION = "projectmeats.wsgi.application"
# DATABASE_URL (the migration container; the reference's backend container), else the DB_*
# variables golden:deploy gives the running container (the application role). Connections are
# kept (CONN_MAX_AGE) on both paths: the zero-downtime benchmark probes /api/v1/health/ at 20-25
# requests/s on a shared 2-core machine, and a new PostgreSQL login per request (SCRAM) made the
# sample itself the bottleneck (timeouts with no deploy running), not the cutover under test.
CONN_MAX_AGE = 60
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=CONN_MAX_AGE)}
else:
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ["DB_HOST"],
        "PORT": os.environ.get("DB_PORT", "5432"),
        "NAME": os.environ["DB_NAME"],
        "USER": os.environ["DB_USER"],
        "PASSWORD": os.environ["DB_PASSWORD"],
        "CONN_MAX_AGE": CONN_MAX_AGE,
    }}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
