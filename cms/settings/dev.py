"""Local demo: debug pages on, e-mail printed to the console."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("ACCOUNT_EMAIL_VERIFICATION", "optional")

from cms.settings.base import *  # noqa: E402, F403 -- a settings module extends the base
