"""Who may open a dwelling: its owners (the residents linked to it) and the
delegates an owner let in; and the log of who opened its data and when."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

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
        access, _created = DwellingAccess.objects.update_or_create(
            dwelling=dwelling,
            user=delegate,
            defaults={"level": level, "granted_by": owner},
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
    deleted, _rows = DwellingAccess.objects.filter(
        pk=access_id, dwelling=dwelling
    ).delete()
    if deleted:
        logger.info(
            "access %s to dwelling %s withdrawn by user %s",
            access_id,
            dwelling.pk,
            owner.pk,
        )
    return bool(deleted)


def delegations(dwelling):
    """Who the dwelling's owners let in, with their e-mail for the owner."""
    return list(DwellingAccess.objects.filter(dwelling=dwelling).select_related("user"))


def record_access(user, dwelling, what):
    """Note that ``user`` opened the dwelling's ``what``: one INSERT."""
    AccessLogEntry.objects.create(user=user, dwelling=dwelling, what=what)


def access_log(dwelling, limit=LOG_SHOWN):
    """The latest ``limit`` openings of the dwelling's data, newest first."""
    return list(
        AccessLogEntry.objects.filter(dwelling=dwelling).select_related("user")[:limit]
    )
