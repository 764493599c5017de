from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TariffsConfig(AppConfig):
    name = "cms.tariffs"
    label = "tariffs"
    verbose_name = _("Tariffs")

    def ready(self):
        from cms.tariffs.search import register_search

        register_search()
