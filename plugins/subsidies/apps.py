from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class SubsidiesConfig(PortalPlugin):
    """Housing subsidy: the resident's application from the cabinet and the
    social-protection office's review and decision.

    It reads dwellings and charges only through ``plugins.billing.services``.
    """

    name = "plugins.subsidies"
    label = "subsidies"
    verbose_name = _("Housing subsidies")
    url_prefix = "cabinet/subsidies/"

    def ready(self):
        super().ready()
        # Connects the receivers of the plugin's own decisions.
        from plugins.subsidies import receivers  # noqa: F401
