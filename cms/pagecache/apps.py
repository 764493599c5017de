from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "cms.pagecache"
    label = "pagecache"
    verbose_name = _("Public page cache")

    def ready(self):
        from cms.pagecache import signal_handlers

        signal_handlers.connect()
