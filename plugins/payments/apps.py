from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class PaymentsConfig(PortalPlugin):
    """Online payment of a dwelling's accounts through a payment gateway.

    It builds on the billing plugin (dwellings and accounts) and shows itself in
    the cabinet through billing's ``cabinet_dwelling_panels`` hook.
    """

    name = "plugins.payments"
    label = "payments"
    verbose_name = _("Online payments")
    url_prefix = "payments/"

    def ready(self):
        super().ready()
        from plugins.payments.notices import payment_confirmed
        from plugins.payments.signals import payment_received

        payment_received.connect(payment_confirmed, dispatch_uid="payments_notice")

        from cms.users.personal_data import register_personal_data
        from plugins.payments.personal_data import online_payments_of

        register_personal_data("online_payments", online_payments_of)
