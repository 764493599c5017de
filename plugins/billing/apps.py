from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class BillingConfig(PortalPlugin):
    name = "plugins.billing"
    label = "billing"
    verbose_name = _("Billing and the resident's cabinet")
    url_prefix = "cabinet/"

    def ready(self):
        super().ready()
        from cms.users.personal_data import (
            register_personal_data,
            register_personal_data_eraser,
        )
        from plugins.billing.personal_data import billing_data_of, erase_billing_data

        register_personal_data("billing", billing_data_of)
        register_personal_data_eraser("billing", erase_billing_data)

        from django.db.models import Q

        from cms.users.second_factor import register_staff_lookup

        # A provider's staff read residents' disputes and readings.
        register_staff_lookup(Q(provider_roles__isnull=False))

        from plugins.billing import audit_events

        audit_events.connect()

        from cms.news.signals import news_published
        from plugins.billing.news_audience import tell_residents

        news_published.connect(tell_residents, dispatch_uid="billing_tell_residents")

        from django.db.models.signals import post_save

        from cms.tariffs.models import Tariff
        from plugins.billing.tariff_audience import tariff_saved

        post_save.connect(
            tariff_saved, sender=Tariff, dispatch_uid="billing_tariff_saved"
        )
