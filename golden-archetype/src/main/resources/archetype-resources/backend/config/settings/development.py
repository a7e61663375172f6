from .base import *  # noqa: F401,F403
from .base import SECRET_KEY as _SECRET_KEY
from .base import env_list

DEBUG = True
# Development only: a fixed key so that `manage.py runserver` works out of the box.
SECRET_KEY = _SECRET_KEY or "development-only-insecure-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],.localhost")
