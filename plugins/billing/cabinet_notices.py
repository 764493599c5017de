"""Notices from the cabinet's own affairs: a month's bill ready after an
import, a provider's answer to a question about a charge. Sent through the
notifications plugin when it is installed; without it, nobody is told."""

import logging

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plugins.billing.models import Charge

logger = logging.getLogger(__name__)


def installed():
    return apps.is_installed("plugins.notifications")


def bills_ready(provider, periods):
    """After an import commits: tell the residents of every dwelling the
    provider charged in ``periods`` that the month's bill is ready, once."""
    if not installed() or not periods:
        return
    # Robust: the file is applied by then, and a failure to tell the residents
    # is logged rather than taken for a failure of the import.
    transaction.on_commit(lambda: tell_bills(provider.pk, sorted(periods)), robust=True)


def tell_bills(provider_pk, periods):
    from plugins.notifications.services import notify_once

    latest = periods[-1]
    charged = Charge.objects.filter(
        account__provider=provider_pk, period=latest
    ).values("account__dwelling")
    people = (
        get_user_model()
        .objects.filter(dwellings__in=charged)
        .prefetch_related("dwellings")
        .distinct()
    )
    month = f"{latest:%m.%Y}"
    told = 0
    for person in people:
        told += notify_once(
            person,
            f"bill:{latest:%Y-%m}",
            _("Your bill for %(month)s is ready") % {"month": month},
            _("The charges for %(month)s are in your cabinet, with the bill to print.")
            % {"month": month},
            reverse("billing:cabinet"),
        )
    logger.info("bills for %s: %d residents told", month, told)


def dispute_answered(dispute):
    """After the answer commits: tell the resident who asked."""
    if not installed():
        return
    transaction.on_commit(lambda: tell_answer(dispute.pk))


def tell_answer(dispute_pk):
    from plugins.billing.models import ChargeDispute
    from plugins.notifications.services import notify

    dispute = ChargeDispute.objects.select_related("author", "service", "account").get(
        pk=dispute_pk
    )
    notify(
        dispute.author,
        _("Your question about %(service)s is answered")
        % {"service": dispute.service.name},
        dispute.answer,
        reverse("billing:dwelling", args=[dispute.account.dwelling_id]),
    )
