from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site-wide search's index and its Ukrainian analysis."""

    name = "search"
    label = "portal_search"
    verbose_name = _("Site-wide search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import sync

        sync.connect()
