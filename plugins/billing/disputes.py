"""Disputes of a charge: a resident linked to the dwelling sends one, the
charging provider's staff answer it in the admin."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plugins.billing import cabinet_notices
from plugins.billing.models import (
    ChargeDispute,
    DisputeStatus,
    PersonalAccount,
    ProviderStaff,
)

logger = logging.getLogger(__name__)

# An answer moves an open dispute on; "open" is only where a dispute starts.
ANSWER_STATUSES = [
    DisputeStatus.ANSWERED,
    DisputeStatus.RESOLVED,
    DisputeStatus.REJECTED,
]


class AlreadyDisputedError(Exception):
    """The charge already has an open dispute, kept as ``dispute``: the
    provider answers one dispute of a charge at a time."""

    def __init__(self, dispute):
        super().__init__(f"Charge already disputed in dispute {dispute.pk}.")
        self.dispute = dispute


def open_dispute_of(charge):
    """The open dispute of the charge's account, service and month, if any,
    whoever of the dwelling's residents sent it."""
    return (
        ChargeDispute.objects.filter(
            account_id=charge.account_id,
            service_id=charge.service_id,
            period=charge.period,
            status=DisputeStatus.OPEN,
        )
        .order_by("created_at", "id")
        .first()
    )


def open_dispute(user, charge, text, expected_amount=None):
    """Send the provider a dispute of ``charge`` from a linked resident.

    Raises AlreadyDisputedError while the charge's account, service and month
    have an open dispute.
    """
    dwelling = charge.account.dwelling
    if not dwelling.residents.filter(pk=user.pk).exists():
        raise PermissionDenied("Only the dwelling's residents dispute its charges.")

    with transaction.atomic():
        # Two disputes of one account sent at once are checked one after another.
        PersonalAccount.objects.select_for_update().filter(pk=charge.account_id).first()
        waiting = open_dispute_of(charge)
        if waiting is not None:
            raise AlreadyDisputedError(waiting)
        dispute = ChargeDispute.objects.create(
            charge=charge,
            account=charge.account,
            service=charge.service,
            period=charge.period,
            author=user,
            text=text,
            expected_amount=expected_amount,
        )
    logger.info(
        "dispute %s of charge %s opened by user %s", dispute.pk, charge.pk, user.pk
    )
    return dispute


def of_dwelling(dwelling):
    """The dwelling's disputes, newest first, for its residents' page."""
    return list(
        ChargeDispute.objects.filter(account__dwelling=dwelling).select_related(
            "service", "account__provider"
        )
    )


def for_staff(user):
    """The disputes ``user`` may see and answer: all for a superuser, else
    those of the providers they work for."""
    found = ChargeDispute.objects.select_related(
        "service", "account__provider", "account__dwelling"
    )
    if user.is_superuser:
        return found
    providers = ProviderStaff.objects.filter(user=user).values("provider")
    return found.filter(account__provider__in=providers)


def withdrawn_answer():
    """The answer a dispute gets when the provider's corrected export no
    longer charges what it disputes."""
    return _(
        "The provider withdrew this charge: its corrected export for the month "
        "no longer contains it."
    )


def is_staff_member(user):
    """Whether ``user`` answers disputes for any provider (or everyone's)."""
    return user.is_superuser or ProviderStaff.objects.filter(user=user).exists()


def answer(user, dispute_id, text, status):
    """Record the provider's answer and the dispute's new status.

    Staff of another provider cannot reach the dispute at all (DoesNotExist).
    """
    if status not in ANSWER_STATUSES:
        raise ValueError(f"An answer cannot set status {status!r}.")

    with transaction.atomic():
        dispute = for_staff(user).select_for_update(of=("self",)).get(pk=dispute_id)
        dispute.answer = text
        dispute.status = status
        dispute.answered_by = user
        dispute.answered_at = timezone.now()
        dispute.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    logger.info(
        "dispute %s answered by user %s: %s", dispute.pk, user.pk, dispute.status
    )
    cabinet_notices.dispute_answered(dispute)
    return dispute
