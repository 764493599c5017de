"""The subsidies plugin's operations on applications, for its views and for
other plugins."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from plugins.billing import services as billing
from plugins.subsidies.choices import ApplicationStatus
from plugins.subsidies.models import SubsidyApplication

logger = logging.getLogger(__name__)

#: While an application is one of these, the household has one already.
OPEN = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.NEEDS_INFO,
)


def open_application(user, dwelling):
    """The user's application of the dwelling still in progress, or None."""
    return (
        SubsidyApplication.objects.filter(
            applicant=user, dwelling=dwelling, status__in=OPEN
        )
        .order_by("-created_at")
        .first()
    )


def start_application(user, dwelling):
    """The user's draft for one of their own dwellings, prefilled from billing;
    an application still in progress is returned rather than a second one.

    Only a resident linked to the dwelling applies; a delegate does not.
    """
    if not billing.owned_dwellings(user).filter(pk=dwelling.pk).exists():
        raise PermissionDenied("Only the dwelling's residents apply for a subsidy.")

    with transaction.atomic():
        found = open_application(user, dwelling)
        if found is not None:
            return found
        application = SubsidyApplication.objects.create(
            dwelling=dwelling,
            applicant=user,
            prefill=billing.dwelling_summary(dwelling),
        )
    logger.info(
        "subsidy application %s started for dwelling %s", application.pk, dwelling.pk
    )
    return application
