"""Production: every secret and address must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from cms.settings.environment import env_bool, env_int, env_str

# Fail at start, naming the variable, rather than run with a demo default.
for _name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DEFAULT_FROM_EMAIL"):
    env_str(_name, required=True)

from cms.settings.base import *  # noqa: E402, F403 -- a settings module extends the base

DEBUG = False

# The sandbox gateway lets a resident mark a payment paid without any money.
sandbox_payments = (
    "plugins.payments" in PORTAL_PLUGINS  # noqa: F405
    and PAYMENTS_GATEWAY == "sandbox"  # noqa: F405
)
if sandbox_payments and not env_bool("PAYMENTS_ALLOW_SANDBOX", False):
    raise ImproperlyConfigured(
        "PAYMENTS_GATEWAY is 'sandbox', which accepts payments without money: set "
        "PAYMENTS_GATEWAY=liqpay with its keys, or PAYMENTS_ALLOW_SANDBOX=true on a "
        "staging server."
    )
# Application servers serve the collected static files themselves.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer asks for the health check over plain HTTP, straight from
# its own network; a redirect would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
# The portal's own subdomains (a kiosk's host, say) are served over HTTPS too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Asking to be preloaded commits the whole registered domain, usually the
# city's, to HTTPS for good: its owner decides, and submits it themselves.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
