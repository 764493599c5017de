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
