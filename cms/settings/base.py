"""Settings shared by every environment; each value comes from the environment."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cms.caches import attachments_cache_settings, cache_settings, session_engine
from cms.core.content_policy import (
    content_security_policy,
    media_origins,
    payment_form_targets,
)
from cms.database import (
    REPLICA_ROUTER,
    database_config,
    replica_config,
    with_replica_middleware,
)
from cms.settings.environment import env_bool, env_int, env_list, env_str
from cms.storages import file_storages
from cms.task_backends import RQ_SETTINGS, rq_queues, task_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-key-for-local-demo-only")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Plugins are Django apps under plugins/; a city enables the ones it needs.
PORTAL_PLUGINS = env_list(
    "PORTAL_PLUGINS",
    [
        "plugins.billing",
        "plugins.payments",
        "plugins.subsidies",
        "plugins.notifications",
        "plugins.messaging",
        "plugins.forum",
    ],
)

INSTALLED_APPS = [
    "cms.core",
    "cms.audit",
    "cms.users",
    "cms.directory",
    "cms.tariffs",
    "cms.home",
    "cms.news",
    "cms.opendata",
    "cms.pagecache",
    "search",
    *PORTAL_PLUGINS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.postgres",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Last: their catalogs would otherwise reword Django's own form errors.
    "wagtail.api.v2",
    "rest_framework",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a page served from it gets them too.
    "cms.core.csp_middleware.PortalCSPMiddleware",
    "cms.core.permissions_policy.PermissionsPolicyMiddleware",
    # Its process_exception runs after every other's: a view that lost the
    # database answers 503 with the headers above, whatever came between.
    "cms.core.outage.DatabaseOutageMiddleware",
    # Before the session: a cached public page needs none of what follows.
    "cms.pagecache.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the audit log names the signed-in user as actor.
    "cms.audit.actor.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: staff who have not typed a code are sent to do so.
    "cms.users.second_factor_middleware.SecondFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.core.kiosk.KioskMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

# The active theme's folder comes first so it can override any plugin template.
PORTAL_THEME = env_str("PORTAL_THEME", "portal")
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The kiosk's theme adds to the active one on the kiosk's site.
        "DIRS": [
            BASE_DIR / "themes" / PORTAL_THEME / "templates",
            BASE_DIR / "themes" / "kiosk" / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.core.context_processors.portal",
                "cms.core.kiosk.kiosk_context",
            ],
        },
    },
]

DATABASES = {"default": database_config(env_str("DATABASE_URL"), BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A read replica of the primary: the residents' read-only cabinet pages read
# it (cms/core/replica.py); a resident who changed something reads the primary
# for REPLICA_LAG_SECONDS after, longer than the replica is expected to lag.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 10)
if REPLICA_LAG_SECONDS < 1:
    raise ImproperlyConfigured(
        f"REPLICA_LAG_SECONDS must be at least 1, got {REPLICA_LAG_SECONDS}: a "
        "resident's own change would otherwise vanish until the replica caught up."
    )
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = replica_config(DATABASE_REPLICA_URL)
    DATABASE_ROUTERS = [REPLICA_ROUTER]
    MIDDLEWARE = with_replica_middleware(MIDDLEWARE)

REDIS_URL = env_str("REDIS_URL")
CACHES = cache_settings(REDIS_URL)
SESSION_ENGINE = session_engine(REDIS_URL)
# A remembered sign-in ends two weeks after its session last changed; one
# without «remember me» ends with the browser, and on the server at the same
# limit (allauth, docs/security.md).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# How long a public page rendered for anonymous visitors is served from the
# cache at most; publishing makes the pages it changes stale at once, this is
# the safety net behind it (cms/pagecache). 0 renders every request.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 600)


AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Staff sign in through the same form as residents (see cms.core.views).
WAGTAILADMIN_LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGOUT_ON_GET = False
# A failing mail server queues a sign-in e-mail rather than failing the page.
ACCOUNT_ADAPTER = "cms.users.account_adapter.PortalAccountAdapter"
# A second factor: a code from an authenticator app, and recovery codes for
# a lost phone. Staff must use it (cms/users/second_factor.py); residents may.
MFA_ADAPTER = "cms.users.mfa_adapter.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Behind proxies that append the visitor's address to X-Forwarded-For, how many
# to trust; the sign-in and certificate-check limits then count that address
# rather than the proxy's, which every visitor would share.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# The open data API's limits count visitors by the same address.
NINJA_NUM_PROXIES = ALLAUTH_TRUSTED_PROXY_COUNT
# Requests one visitor's address may make to the open data API, per address
# of it: «120/m» is 120 a minute (ninja's rate syntax).
OPEN_DATA_RATE = env_str("OPEN_DATA_RATE", "120/m")

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [
    BASE_DIR / "themes" / PORTAL_THEME / "static",
    BASE_DIR / "themes" / "kiosk" / "static",
]

# Host names that serve the portal as the kiosk of the administrative services
# centre (its own Wagtail site may share the city's home page).
KIOSK_HOSTS = env_list("KIOSK_HOSTS")
# On the kiosk: seconds without input before the session ends, and how many
# of them the page counts down aloud first.
KIOSK_IDLE_SECONDS = env_int("KIOSK_IDLE_SECONDS", 120)
KIOSK_WARNING_SECONDS = env_int("KIOSK_WARNING_SECONDS", 20)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads only their owner and the staff who need them may see: no URL of
# their own, outside MEDIA_ROOT (cms/core/storage.py).
PRIVATE_MEDIA_ROOT = Path(
    env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))
)
# On several machines, no disk is shared: media and private files go to two
# S3-compatible buckets instead of the two folders (cms/storages.py).
STORAGES = file_storages(
    env_str("MEDIA_BUCKET"),
    env_str("PRIVATE_BUCKET"),
    endpoint_url=env_str("OBJECT_STORAGE_ENDPOINT_URL"),
    region=env_str("OBJECT_STORAGE_REGION"),
    access_key=env_str("OBJECT_STORAGE_ACCESS_KEY_ID"),
    secret_key=env_str("OBJECT_STORAGE_SECRET_ACCESS_KEY"),
    private_acl=env_str("PRIVATE_BUCKET_ACL", "private"),
    media_domain=env_str("MEDIA_BUCKET_DOMAIN"),
)

# What browsers may do with the portal's pages (docs/security.md). Production
# adds HTTPS only and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = content_security_policy(
    image_origins=media_origins(
        env_str("MEDIA_BUCKET"),
        endpoint_url=env_str("OBJECT_STORAGE_ENDPOINT_URL"),
        region=env_str("OBJECT_STORAGE_REGION"),
        media_domain=env_str("MEDIA_BUCKET_DOMAIN"),
    ),
    form_targets=payment_form_targets(env_str("PAYMENTS_GATEWAY", "sandbox")),
)

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a mail server that took the connection but does not answer
# counts as failed: the notice's e-mail is then tried again, and the worker is
# not held forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Site-wide search moves to an Elasticsearch cluster when this is set;
# PostgreSQL keeps its own index and answers whenever the cluster cannot.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
# The alias searches read; each full reindex builds a new index behind it.
ELASTICSEARCH_INDEX = env_str("ELASTICSEARCH_INDEX", "portal-search")

WAGTAIL_SITE_NAME = env_str("PORTAL_SITE_NAME", "Комунальний портал")
WAGTAILADMIN_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods"]
# Each of those is also checked by its content (cms/core/document_content.py),
# and its size bounded: a scanned decision of the city council is a few MB.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.core.document_content.CheckedDocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_BYTES", 50 * 2**20)
# Only a PDF opens in the browser, under Wagtail's "default-src 'none'" policy
# and nosniff; every other document is a download.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
# Editors' images: Wagtail decodes each to check it, so a page or a script
# named .png is refused, and SVG, which may carry script, is not accepted.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_BYTES", 10 * 2**20)
# Documents always pass through Wagtail's view, which checks a collection's
# restrictions; with a bucket, Wagtail would otherwise send the visitor to the
# file's own address, past the check.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The admin would otherwise load every user's avatar from an outside host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor ask an outside host from every officer's dashboard for Wagtail's releases:
# upgrades are the operator's, through requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# A billing export is staged in the database, so its size is bounded by the
# file, which the importing process holds in memory while it reads it: two
# million rows, ten months of a city of 200,000 accounts, are about 300 MB.
BILLING_IMPORT_MAX_ROWS = env_int("BILLING_IMPORT_MAX_ROWS", 2_000_000)
BILLING_IMPORT_MAX_BYTES = env_int("BILLING_IMPORT_MAX_BYTES", 400 * 2**20)
# PostgreSQL memory of the session that imports a file: its staging tables and
# its sorts. Per import, not per connection of the web server.
BILLING_IMPORT_TEMP_BUFFERS = env_str("BILLING_IMPORT_TEMP_BUFFERS", "1GB")
BILLING_IMPORT_WORK_MEM = env_str("BILLING_IMPORT_WORK_MEM", "256MB")

# Background work never runs in the request: e-mail and index refreshes wait
# on the "default" backend, billing imports on "imports", each in a queue of
# its own, in PostgreSQL for `manage.py db_worker` or, with REDIS_URL, in Redis
# for `manage.py rqworker` (cms/task_backends.py, docs/operations.md).
# Wagtail sends its own jobs (the reference index, its admin's page search,
# removing a deleted image's files) to "default" and no setting gives them
# another backend, so they go to the workers too. That suits them: none is
# needed before the page that caused it is shown, the public search being the
# portal's own, and each waits for its transaction to commit (cms/core/rq.py).
TASKS = task_backends(REDIS_URL)
RQ = RQ_SETTINGS
if REDIS_URL:
    RQ_QUEUES = rq_queues(REDIS_URL)

# Online payment: the local sandbox gateway serves the demo and the tests; a city
# that takes real money names LiqPay and its keys, and must not start without them.
PAYMENTS_GATEWAY = env_str("PAYMENTS_GATEWAY", "sandbox")
if PAYMENTS_GATEWAY not in {"sandbox", "liqpay"}:
    raise ImproperlyConfigured(
        f"PAYMENTS_GATEWAY must be 'sandbox' or 'liqpay', got {PAYMENTS_GATEWAY!r}."
    )
LIQPAY_PUBLIC_KEY = env_str("LIQPAY_PUBLIC_KEY", required=PAYMENTS_GATEWAY == "liqpay")
LIQPAY_PRIVATE_KEY = env_str(
    "LIQPAY_PRIVATE_KEY", required=PAYMENTS_GATEWAY == "liqpay"
)
PAYMENTS_SANDBOX_KEY = env_str(
    "PAYMENTS_SANDBOX_KEY", "sandbox-key-for-local-demo-only"
)

# Unless the contract says otherwise, housing and utility services are paid by
# the 20th of the month after the billed one; a city whose contracts set another
# day names it (a day past a short month's end means its last day).
BILLING_DUE_DAY = env_int("BILLING_DUE_DAY", 20)
if not 1 <= BILLING_DUE_DAY <= 31:
    raise ImproperlyConfigured(
        f"BILLING_DUE_DAY must be a day of the month, 1 to 31, got {BILLING_DUE_DAY}."
    )

# A scan of a page or a phone's photo of it, with room for a multi-page PDF.
SUBSIDY_DOCUMENT_MAX_BYTES = env_int("SUBSIDY_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)

# How many new private conversations one user may start within an hour.
MESSAGING_NEW_CONVERSATIONS_PER_HOUR = env_int(
    "MESSAGING_NEW_CONVERSATIONS_PER_HOUR", 10
)

# How many forum posts one reader may report to the moderators within a day.
FORUM_REPORTS_PER_DAY = env_int("FORUM_REPORTS_PER_DAY", 20)

# The forum runs on the django-machina engine, installed only with its plugin.
if "plugins.forum" in PORTAL_PLUGINS:
    from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

    from plugins.forum.machina_apps import ENGINE_APPS

    # Before the plugin: the engine takes the first installed app whose path
    # ends in ".forum" for its own, and "plugins.forum" ends so too.
    _forum = INSTALLED_APPS.index("plugins.forum")
    INSTALLED_APPS[_forum:_forum] = ENGINE_APPS
    MIDDLEWARE.append("plugins.forum.middleware.ForumPermissionMiddleware")
    # After the theme's folder, so a theme can restyle any forum page; the
    # plugin's own versions of a few engine pages (badges, answered topics,
    # reports) come before the engine's.
    TEMPLATES[0]["DIRS"] += [
        BASE_DIR / "plugins" / "forum" / "templates",
        MACHINA_MAIN_TEMPLATE_DIR,
    ]
    TEMPLATES[0]["OPTIONS"]["context_processors"].append(
        "machina.core.context_processors.metadata"
    )
    # The plugin's set-up of the engine's editor comes before the engine's.
    STATICFILES_DIRS += [
        BASE_DIR / "plugins" / "forum" / "engine_static",
        MACHINA_MAIN_STATIC_DIR,
    ]
    # Files attached to a post wait here between its preview and its saving,
    # where every web worker of every app server sees them (cms/caches.py).
    CACHES["machina_attachments"] = attachments_cache_settings(
        REDIS_URL,
        env_str("FORUM_ATTACHMENTS_CACHE", str(BASE_DIR / "var" / "forum-attachments")),
    )
    # The engine's own search; site-wide search indexes the forum separately.
    HAYSTACK_CONNECTIONS = {
        "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}
    }
    MACHINA_FORUM_NAME = env_str("FORUM_NAME", "Форум")
    # The portal's frame around the engine's pages (plugins/forum/templates).
    MACHINA_BASE_TEMPLATE_NAME = "portal_forum/base.html"
    # Posts in Markdown, escaped and cleaned to a short list of tags.
    MACHINA_MARKUP_LANGUAGE = ("plugins.forum.markup.render", {})
    # No pictures of residents: an uploaded avatar is a file anyone could
    # fetch, and the engine decodes the whole image in memory to shrink it.
    MACHINA_PROFILE_AVATARS_ENABLED = False
    # Posts are signed with the name residents chose, never their e-mail.
    MACHINA_USER_DISPLAY_NAME_METHOD = "public_name"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "cms": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "plugins": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "fixtures": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "search": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    },
}
