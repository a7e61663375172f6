from .base import *  # noqa: F401,F403
from .base import ALLOWED_HOSTS, SECRET_KEY
from ._deployed import require

DEBUG = False
require("SECRET_KEY", SECRET_KEY)
require("ALLOWED_HOSTS", ALLOWED_HOSTS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
