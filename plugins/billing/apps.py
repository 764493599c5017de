from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class BillingConfig(PortalPlugin):
    name = "plugins.billing"
    label = "billing"
    verbose_name = _("Billing and the resident's cabinet")
    url_prefix = "cabinet/"
