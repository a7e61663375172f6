from .staging import *  # noqa: F401,F403

SECURE_CONTENT_TYPE_NOSNIFF = True
