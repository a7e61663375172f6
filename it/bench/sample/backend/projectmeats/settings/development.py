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
# variables golden:deploy gives the running container (the application role).
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=0)}
else:
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ["DB_HOST"],
        "PORT": os.environ.get("DB_PORT", "5432"),
        "NAME": os.environ["DB_NAME"],
        "USER": os.environ["DB_USER"],
        "PASSWORD": os.environ["DB_PASSWORD"],
    }}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
