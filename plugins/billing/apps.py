from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class BillingConfig(PortalPlugin):
    name = "plugins.billing"
    label = "billing"
    verbose_name = _("Billing and the resident's cabinet")
    url_prefix = "cabinet/"

    def ready(self):
        super().ready()
        from cms.news.signals import outage_published
        from plugins.billing.outages import warn_residents

        outage_published.connect(warn_residents, dispatch_uid="billing_warn_residents")
