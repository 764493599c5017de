"""The portal as ``benchmarks/web.py`` serves it: production's settings, over
plain HTTP on the loopback, with the two baseline views added to the URLs.

Never the settings of a portal with residents' data: the baseline view shows
any dwelling's charges to anyone (see ``benchmarks/views.py``).
"""

import os
import warnings

# Values production insists on, given here only when the environment has none.
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DEFAULT_FROM_EMAIL", "benchmark@localhost")
os.environ.setdefault("PAYMENTS_ALLOW_SANDBOX", "true")
# The billing import tells residents their bill is ready; nobody is to be told.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
# wrk speaks plain HTTP to the application server, as a load balancer does.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from cms.settings.production import *  # noqa: E402, F403 -- extends production

ROOT_URLCONF = "benchmarks.urls"
TEMPLATES[0]["DIRS"].append(BASE_DIR / "benchmarks" / "templates")  # noqa: F405

# The benchmark signs in over plain HTTP, so its cookies may not be HTTPS-only.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Production's manifest storage needs `collectstatic` first (minutes of
# compressing the admin's files on a small machine); a page then only looks a
# name up in the manifest, which costs no more than building the plain URL.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# WhiteNoise warns at start that nothing was collected; nothing needs to be.
warnings.filterwarnings("ignore", message="No directory at")
