"""Local demo: debug pages on, e-mail printed to the console."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("ACCOUNT_EMAIL_VERIFICATION", "optional")

from cms.settings.base import *  # noqa: E402, F403 -- a settings module extends the base
from cms.settings.environment import env_list  # noqa: E402

# The demo's kiosk: the same portal at http://localhost:8000/.
KIOSK_HOSTS = env_list("KIOSK_HOSTS", ["localhost"])
