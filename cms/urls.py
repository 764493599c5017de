from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.core.plugins import plugin_url_mounts
from cms.core.views import admin_login

urlpatterns = [
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Ukrainian pages live at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("search/", include("search.urls")),
    *[path(prefix, include(module)) for prefix, module in plugin_url_mounts()],
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = (
        static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
    )
