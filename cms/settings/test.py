"""Test run: fast password hashing, e-mail kept in memory."""

import os

os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from cms.settings.base import *  # noqa: E402, F403 -- a settings module extends the base

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# One process runs the suite, so sessions may read through its local cache as
# they read through Redis on servers: a page's query count is then the same
# whether or not REDIS_URL is set.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Tests measure what rendering a page costs; those of the public page cache
# turn it on themselves.
PUBLIC_PAGE_CACHE_SECONDS = 0
