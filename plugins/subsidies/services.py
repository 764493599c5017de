"""The subsidies plugin's operations on applications, for its views and for
other plugins."""

import logging
import uuid
from contextlib import contextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch

from plugins.billing import services as billing
from plugins.subsidies.choices import ApplicationStatus
from plugins.subsidies.models import (
    HouseholdMember,
    Income,
    SubsidyApplication,
    SubsidyDocument,
    Transition,
)

logger = logging.getLogger(__name__)

#: While an application is one of these, the household has one already.
OPEN = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.NEEDS_INFO,
)

#: While an application is one of these, its applicant may change it: a draft,
#: or one the office sent back asking for more.
EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.NEEDS_INFO)

#: Where the office works: dates and times of an application are told in its
#: time zone, whatever the server's.
KYIV = ZoneInfo("Europe/Kyiv")

#: File name extensions of the stored documents, by their content type.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/heic": ".heic",
}


class NotEditableError(Exception):
    """The application was sent or decided: the resident's form is closed."""


def is_editable(application):
    return application.status in EDITABLE


def granted_until(applications, today):
    """{dwelling id: the application whose granted subsidy is still in force
    on ``today``} among ``applications``: such a dwelling needs no new one
    until its period ends."""
    return {
        application.dwelling_id: application
        for application in applications
        if application.status == ApplicationStatus.APPROVED
        and application.period_to is not None
        and application.period_to >= today
    }


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


@contextmanager
def editing(application):
    """Change the application inside a transaction that holds its row locked,
    so a change never lands after it was sent; raises NotEditableError when
    it may not be changed. The application counts as saved just now."""
    with transaction.atomic():
        locked = SubsidyApplication.objects.select_for_update().get(pk=application.pk)
        if not is_editable(locked):
            raise NotEditableError(locked.status)
        yield locked
        locked.save()


def for_display(queryset):
    """Applications with everything their pages show, in a fixed number of
    queries however many members, incomes and documents they hold."""
    return queryset.select_related("dwelling").prefetch_related(
        Prefetch(
            "members",
            queryset=HouseholdMember.objects.prefetch_related("incomes"),
        ),
        Prefetch(
            "documents",
            queryset=SubsidyDocument.objects.select_related("member"),
        ),
        Prefetch("transitions", queryset=Transition.objects.order_by("at", "pk")),
        "amounts__service",
    )


def income_totals(members):
    """(each member with their total, the household's total) over the
    members' prefetched incomes."""
    rows = []
    household = Decimal("0.00")
    for member in members:
        total = sum((income.amount for income in member.incomes.all()), Decimal("0.00"))
        rows.append((member, total))
        household += total
    return rows, household


def save_incomes(application, amounts):
    """Replace the incomes of the application's members with ``amounts``:
    {(member, kind): Decimal}; an amount of nothing or zero is not kept."""
    members = {member for member, _kind in amounts}
    Income.objects.filter(member__in=members).delete()
    Income.objects.bulk_create(
        Income(member=member, kind=kind, amount=amount)
        for (member, kind), amount in amounts.items()
        if amount
    )


def add_documents(application, uploads, title, member, content_types):
    """Store each upload as a document of the application under a name of
    its own (the resident's file name says nothing the office needs, and may
    say what it should not), with the type its content was judged to be."""
    created = []
    for upload, content_type in zip(uploads, content_types, strict=True):
        upload.name = uuid.uuid4().hex + EXTENSIONS[content_type]
        created.append(
            SubsidyDocument.objects.create(
                application=application,
                member=member,
                title=title,
                file=upload,
                content_type=content_type,
                size=upload.size,
            )
        )
    logger.info(
        "subsidy application %s: %d documents added", application.pk, len(created)
    )
    return created


def forget_files(documents):
    """Delete the stored files of ``documents`` once their rows are gone for
    good: a rolled-back removal keeps its files."""
    files = [(document.file.storage, document.file.name) for document in documents]

    def delete():
        for storage, name in files:
            if name:
                storage.delete(name)

    transaction.on_commit(delete)


def remove_document(document):
    forget_files([document])
    document.delete()


def remove_member(member):
    """Remove a household member with their incomes and documents."""
    forget_files(list(member.documents.all()))
    member.delete()
