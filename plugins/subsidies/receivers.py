"""What follows a decision of the social-protection office outside this
plugin: the approved subsidy reaches the dwelling's charges in billing, from
which the cabinet, the bill and the providers' export of decisions read it."""

import logging

from django.dispatch import receiver

from plugins.billing import services as billing
from plugins.subsidies import signals

logger = logging.getLogger(__name__)


@receiver(signals.subsidy_decided, dispatch_uid="subsidies.grant_in_billing")
def grant_in_billing(sender, application, **kwargs):
    """Hand the approved decision to billing: its number, months and the sum a
    month of each service."""
    amounts = {
        amount.service: amount.monthly
        for amount in application.amounts.select_related("service")
    }
    report = billing.grant_subsidy(
        application.dwelling,
        application.decision_number,
        application.period_from,
        application.period_to,
        amounts,
    )
    logger.info(
        "subsidy application %s: decision applied to %d charges",
        application.pk,
        report.charges_changed,
    )
