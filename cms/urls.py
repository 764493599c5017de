from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router
from cms.core import kiosk
from cms.core.health import HEALTH_PATH, health
from cms.core.plugins import plugin_url_mounts
from cms.core.views import admin_login
from cms.news.calendar import calendar
from cms.news.feeds import AtomNewsFeed, NewsFeed
from cms.opendata.api import api as open_data

urlpatterns = [
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Feeds are read by programs, in the pages' own language.
    path("feeds/news.rss", NewsFeed(), name="news_rss"),
    path("feeds/news.atom", AtomNewsFeed(), name="news_atom"),
    path("feeds/kind/<slug:kind>.rss", NewsFeed(), name="news_kind_rss"),
    path("feeds/kind/<slug:kind>.atom", AtomNewsFeed(), name="news_kind_atom"),
    path("calendar/<slug:name>.ics", calendar, name="news_calendar"),
    path("api/v2/", api_router.urls),
    path("api/open/", open_data.urls),
    path("kiosk/finish/", kiosk.finish, name="kiosk_finish"),
    # Asked by the load balancer, which speaks no language.
    path(HEALTH_PATH, health, name="health"),
]

# An error raised in a middleware reaches this handler rather than any
# middleware's: it answers 503 too when the database's connection failed.
handler500 = "cms.core.outage.server_error"

# Ukrainian pages live at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("accounts/my-data/", include("cms.users.urls")),
    path("accounts/", include("allauth.urls")),
    path("search/", include("search.urls")),
    # Before Wagtail's own form for private pages and documents, which would
    # sign in with the password past allauth's limits and e-mail check.
    path("_util/login/", admin_login, name="page_login"),
    *[path(prefix, include(module)) for prefix, module in plugin_url_mounts()],
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = (
        static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
    )
