from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("Portal core")

    def ready(self):
        # Every rich text field is cleaned when saved, whichever app owns it.
        from cms.core import rich_text

        rich_text.connect()
