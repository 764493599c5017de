"""Who may open a dwelling: its owners (the residents linked to it) and the
delegates an owner let in; and the log of who opened its data and when.

A delegation is an owner's to give, so it lasts only while that owner keeps
the dwelling: an owner who unlinks takes the access they gave with them, and
when the last owner goes, every delegation of the dwelling goes too.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from cms import audit
from cms.core import replica
from plugins.billing.models import (
    AccessLevel,
    AccessLogEntry,
    Dwelling,
    DwellingAccess,
)

logger = logging.getLogger(__name__)

LOG_SHOWN = 20


class DelegateNotFoundError(Exception):
    """No portal user has the e-mail, or it is the owner's own."""


def owned_dwellings(user):
    """The dwellings ``user`` is linked to as a resident."""
    return Dwelling.objects.filter(residents=user)


def visible_dwellings(user):
    """Owned and delegated dwellings, each once, with ``owned`` telling which.

    Subqueries rather than joins, so a dwelling never comes twice and the
    ``owned`` flag costs no extra query.
    """
    owner = Dwelling.residents.through.objects.filter(
        dwelling=OuterRef("pk"), user=user.pk
    )
    delegate = DwellingAccess.objects.filter(dwelling=OuterRef("pk"), user=user.pk)
    return Dwelling.objects.annotate(
        owned=Exists(owner), delegated=Exists(delegate)
    ).filter(Q(owned=True) | Q(delegated=True))


def can_pay(user, dwelling):
    """Whether ``user`` may pay the dwelling's bills: owners and delegates with
    "view and pay" may, "view" delegates and everyone else may not."""
    if not user.is_authenticated:
        return False
    # A dwelling from visible_dwellings already knows; saves the page a query.
    if getattr(dwelling, "owned", False):
        return True
    return (
        owned_dwellings(user).filter(pk=dwelling.pk).exists()
        or DwellingAccess.objects.filter(
            dwelling=dwelling, user=user, level=AccessLevel.VIEW_AND_PAY
        ).exists()
    )


def lock(dwelling):
    """Hold the dwelling's row until the transaction ends, so that granting and
    an owner unlinking it take turns; call inside ``transaction.atomic``."""
    Dwelling.objects.select_for_update().filter(pk=dwelling.pk).first()


def grant(owner, dwelling, email, level):
    """Let the portal user with ``email`` see (and at "view and pay", pay) the
    dwelling; granting again changes the level."""
    if not owned_dwellings(owner).filter(pk=dwelling.pk).exists():
        raise PermissionDenied("Only the dwelling's owners grant access.")
    delegate = (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), is_active=True)
        .exclude(pk=owner.pk)
        .first()
    )
    if delegate is None:
        raise DelegateNotFoundError(email)

    with transaction.atomic():
        # An owner who unlinked meanwhile no longer gives access.
        lock(dwelling)
        if not owned_dwellings(owner).filter(pk=dwelling.pk).exists():
            raise PermissionDenied("Only the dwelling's owners grant access.")
        access, _created = DwellingAccess.objects.update_or_create(
            dwelling=dwelling,
            user=delegate,
            defaults={"level": level, "granted_by": owner},
        )
        audit.record(
            "billing.access.granted",
            actor=owner,
            target=access,
            dwelling_id=dwelling.pk,
            delegate_id=delegate.pk,
            level=level,
        )
    logger.info(
        "access %s to dwelling %s granted by user %s at %s",
        access.pk,
        dwelling.pk,
        owner.pk,
        level,
    )
    return access


def withdraw(owner, dwelling, access_id):
    """Take a delegate's access to the dwelling away at once."""
    if not owned_dwellings(owner).filter(pk=dwelling.pk).exists():
        raise PermissionDenied("Only the dwelling's owners withdraw access.")
    with transaction.atomic():
        # Locked: two withdrawals at once record one.
        access = (
            DwellingAccess.objects.select_for_update()
            .filter(pk=access_id, dwelling=dwelling)
            .first()
        )
        if access is None:
            return False
        record_withdrawal(owner, access, "owner")
        access.delete()
    logger.info(
        "access %s to dwelling %s withdrawn by user %s",
        access_id,
        dwelling.pk,
        owner.pk,
    )
    return True


def record_withdrawal(owner, access, reason):
    """A delegation's end in the audit log; ``reason`` says who ended it."""
    audit.record(
        "billing.access.withdrawn",
        actor=owner,
        target=access,
        dwelling_id=access.dwelling_id,
        delegate_id=access.user_id,
        level=access.level,
        reason=reason,
    )


def is_last_owner(owner, dwelling):
    """Whether no other resident is linked to the dwelling besides ``owner``."""
    return not dwelling.residents.exclude(pk=owner.pk).exists()


def ending_with(owner, dwelling, last_owner=None):
    """The delegations that end when ``owner`` unlinks the dwelling: those they
    granted, or every one when no other owner would remain (``last_owner``, if
    the caller knows it already)."""
    if last_owner is None:
        last_owner = is_last_owner(owner, dwelling)
    delegations = DwellingAccess.objects.filter(dwelling=dwelling)
    return delegations if last_owner else delegations.filter(granted_by=owner)


def withdraw_on_unlink(owner, dwelling):
    """Withdraw the delegations that end with ``owner`` leaving the dwelling,
    and return their ids; call inside the unlink's transaction, the dwelling
    locked, so that the last two owners leaving at once see each other go."""
    ending = list(ending_with(owner, dwelling))
    ids = [access.pk for access in ending]
    for access in ending:
        record_withdrawal(owner, access, "owner unlinked")
    if ids:
        DwellingAccess.objects.filter(pk__in=ids).delete()
        logger.info(
            "access %s to dwelling %s withdrawn as user %s unlinked it",
            ids,
            dwelling.pk,
            owner.pk,
        )
    return ids


def delegations(dwelling):
    """Who the dwelling's owners let in, with their e-mail for the owner."""
    return list(DwellingAccess.objects.filter(dwelling=dwelling).select_related("user"))


def record_access(user, dwelling, what):
    """Note that ``user`` opened the dwelling's ``what``: one INSERT.

    The entry records a read, not a change of the user's: a cabinet page
    writing it keeps reading the replica, where the entry shows up once the
    replica catches up.
    """
    with replica.bookkeeping():
        AccessLogEntry.objects.create(user=user, dwelling=dwelling, what=what)


def access_log(dwelling, limit=LOG_SHOWN):
    """The latest ``limit`` openings of the dwelling's data, newest first."""
    return list(
        AccessLogEntry.objects.filter(dwelling=dwelling).select_related("user")[:limit]
    )
