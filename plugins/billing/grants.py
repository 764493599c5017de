"""Housing subsidies granted by the social-protection office, as billing keeps
and applies them.

A grant names a dwelling, a service, a sum a month and the months of the
decision. Wherever the dwelling is charged for that service in one of those
months, the charge's subsidy is the granted sum, replacing what the provider's
export said, and the closing balance moves by the difference. The subsidy
never exceeds what is left to pay of the month's charge after the benefit
(``cap``): a grant larger than the month's bill does not make a prepayment.

Where two decisions cover the same dwelling, service and month, the one
recorded later is in force. Later imports of a month in the period apply the
grant in SQL (``importing.grants``) by the same rules.
"""

import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from plugins.billing.models import Charge, SubsidyGrant

logger = logging.getLogger(__name__)

KOPECK = Decimal("0.01")


@dataclass
class GrantReport:
    """What recording one decision did: grants kept, charges changed."""

    grants: int
    charges_changed: int


def cap(monthly, charge):
    """The subsidy a charge gets of ``monthly``: no more than the month's
    charge less its benefit, never below nothing."""
    payable = max(charge.charged - charge.benefit, Decimal("0.00"))
    return min(monthly, payable)


def month_of(day):
    return day.replace(day=1)


@transaction.atomic
def grant_subsidy(dwelling, reference, period_from, period_to, amounts):
    """Record the decision ``reference`` for ``dwelling`` and apply it to the
    charges of its months already imported.

    ``amounts`` maps each Service to its sum a month; the months run from
    ``period_from``'s to ``period_to``'s, both included. Grants recorded
    before under the same reference are replaced, and applying the same
    decision again changes nothing.
    """
    first, last = month_of(period_from), month_of(period_to)
    monthly = {
        service.pk: Decimal(amount).quantize(KOPECK, ROUND_HALF_UP)
        for service, amount in amounts.items()
    }

    # The grants are written before any charge is locked: an import takes the
    # grant table's lock first as well (see importing.grants), so neither can
    # wait for the other while holding what the other needs.
    record_grants(dwelling, reference, first, last, monthly)
    changed = apply_grants(dwelling, monthly.keys(), first, last)

    logger.info(
        "subsidy decision %s for dwelling %s: %d grants, %d charges changed",
        reference,
        dwelling.pk,
        len(monthly),
        changed,
    )
    return GrantReport(grants=len(monthly), charges_changed=changed)


def record_grants(dwelling, reference, first, last, monthly):
    """Keep the decision's grants, replacing any of the same reference. An
    existing grant keeps its place in time: applying an older decision again
    must not put it in force over a later one."""
    stale = SubsidyGrant.objects.filter(dwelling=dwelling, reference=reference)
    stale.exclude(service_id__in=monthly.keys()).delete()
    for service_id, amount in monthly.items():
        SubsidyGrant.objects.update_or_create(
            dwelling=dwelling,
            service_id=service_id,
            reference=reference,
            defaults={"monthly": amount, "period_from": first, "period_to": last},
        )
    # TODO: a replaced decision that drops a service or shortens its period
    # leaves the dropped months' charges with the old subsidy: the provider's
    # own value is no longer known. Its next export of those months restores
    # it; keeping the export's subsidy beside the granted one would allow it
    # here at once.


def apply_grants(dwelling, service_ids, first, last):
    """Give each charge of the dwelling for these services and months the
    subsidy of the grant in force; returns the number of charges changed."""
    charges = list(
        Charge.objects.select_for_update(of=("self",))
        .filter(
            account__dwelling=dwelling,
            service_id__in=service_ids,
            period__gte=first,
            period__lte=last,
        )
        .order_by("pk")
    )
    grants = list(
        SubsidyGrant.objects.filter(
            dwelling=dwelling,
            service_id__in=service_ids,
            period_from__lte=last,
            period_to__gte=first,
        ).order_by("-created_at", "-pk")
    )

    changed = []
    for charge in charges:
        grant = in_force(grants, charge.service_id, charge.period)
        subsidy = cap(grant.monthly, charge)
        if subsidy == charge.subsidy:
            continue
        charge.closing_balance += charge.subsidy - subsidy
        charge.subsidy = subsidy
        changed.append(charge)

    Charge.objects.bulk_update(changed, ["subsidy", "closing_balance"])
    return len(changed)


def in_force(grants, service_id, period):
    """The grant of ``grants`` (latest recorded first) in force for the
    service in the month."""
    return next(
        grant
        for grant in grants
        if grant.service_id == service_id
        and grant.period_from <= period <= grant.period_to
    )
