"""The application and the declaration as the office receives them: two PDFs
in Ukrainian, laid out like the official paper forms, made each time the
resident sends and kept as SubmittedForm rows."""

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Prefetch
from wagtail.models import Site

from cms.core.money import to_kopecks
from cms.core.pdf import DOCUMENT_TIME_ZONE, render_pdf
from cms.directory.models import PublicPlace
from cms.home.models import SiteContacts
from plugins.subsidies import rules
from plugins.subsidies.choices import FormKind, IncomeKind, Relation
from plugins.subsidies.models import Income, SubmittedForm

logger = logging.getLogger(__name__)

TEMPLATES = {
    FormKind.APPLICATION: "subsidies/pdf/application.html",
    FormKind.DECLARATION: "subsidies/pdf/declaration.html",
}
FILE_NAMES = {
    FormKind.APPLICATION: "subsidy-application-{number}-{sent:%Y%m%d-%H%M}.pdf",
    FormKind.DECLARATION: "subsidy-declaration-{number}-{sent:%Y%m%d-%H%M}.pdf",
}
ZERO = Decimal("0.00")


@dataclass
class MemberIncome:
    """A member's incomes of the period, summed by kind in the form's order."""

    member: object
    by_kind: list = field(default_factory=list)
    total: Decimal = ZERO


@dataclass
class Sheet:
    """Everything the two forms of one sending show."""

    application: object
    office: str
    site_name: str
    address: str
    total_area: Decimal
    registered_persons: int
    applicant: object
    members: list
    services: list
    incomes: list
    household_total: Decimal
    period: tuple
    submitted_on: date
    sent_at: object
    consent_at: object


def build_sheet(application, sent_at):
    """What the forms of ``application`` sent at ``sent_at`` print.

    The income period follows the date the application was first sent, so an
    answer to the office's request still declares the same months.
    """
    site = Site.objects.filter(is_default_site=True).first()
    members = list(
        application.members.prefetch_related(
            Prefetch("incomes", queryset=Income.objects.order_by("pk"))
        )
    )
    prefill = application.prefill or {}
    submitted_on = application.submitted_at.astimezone(DOCUMENT_TIME_ZONE).date()
    incomes = [member_income(member) for member in members]

    return Sheet(
        application=application,
        office=office_name(),
        site_name=(site and site.site_name) or settings.WAGTAIL_SITE_NAME,
        address=full_address(prefill.get("address", ""), site),
        total_area=Decimal(prefill.get("total_area") or "0"),
        registered_persons=prefill.get("registered_persons") or 0,
        applicant=next(m for m in members if m.relation == Relation.APPLICANT),
        members=members,
        services=[service_row(row) for row in prefill.get("services", [])],
        incomes=incomes,
        household_total=to_kopecks(sum((i.total for i in incomes), ZERO)),
        period=rules.income_period(submitted_on),
        submitted_on=submitted_on,
        sent_at=sent_at.astimezone(DOCUMENT_TIME_ZONE),
        consent_at=application.consent_at.astimezone(DOCUMENT_TIME_ZONE),
    )


def office_name():
    """The social-protection office as the city's directory names it; empty
    when the editors have not listed it, and the form leaves a line for it."""
    place = (
        PublicPlace.objects.filter(kind=PublicPlace.Kind.SOCIAL_PROTECTION)
        .order_by("pk")
        .first()
    )
    return place.name if place else ""


def full_address(street_address, site):
    """The dwelling's address followed by the city the site's contacts name."""
    # Read without for_site(): that creates the settings row as a side effect.
    contacts = SiteContacts.objects.filter(site=site).first() if site else None
    parts = [street_address, contacts.city.strip() if contacts else ""]
    return ", ".join(part for part in parts if part)


def service_row(row):
    """A service billing listed for the dwelling, its amounts as Decimals."""
    return {
        **row,
        "month": date.fromisoformat(row["month"]) if row.get("month") else None,
        "charged": Decimal(row.get("charged") or "0"),
    }


def member_income(member):
    amounts = {}
    for income in member.incomes.all():
        amounts[income.kind] = amounts.get(income.kind, ZERO) + income.amount

    by_kind = [
        (kind.label, to_kopecks(amounts[kind]))
        for kind in IncomeKind
        if kind in amounts
    ]
    total = to_kopecks(sum(amounts.values(), ZERO))
    return MemberIncome(member=member, by_kind=by_kind, total=total)


def render_form(kind, sheet):
    return render_pdf(
        TEMPLATES[kind],
        {"sheet": sheet, "application": sheet.application},
        f"The {kind} of subsidy application {sheet.application.pk}",
    )


def file_forms(application, sent_at):
    """Render the application and the declaration of this sending and keep
    them; the earlier sendings' forms stay as they were.

    Both are rendered before either is stored, so a layout failure (raised as
    ``cms.core.pdf.DocumentError``) leaves no file and no row behind.
    """
    sheet = build_sheet(application, sent_at)
    rendered = {kind: render_form(kind, sheet) for kind in TEMPLATES}

    # TODO: a file stored here stays on disk when the caller's transaction is
    # rolled back later; a periodic sweep of files without a row would clean
    # them up, and until then they are only unreachable, never served.
    filed = []
    for kind, content in rendered.items():
        name = FILE_NAMES[kind].format(number=application.pk, sent=sheet.sent_at)
        form = SubmittedForm(application=application, kind=kind)
        form.file.save(name, ContentFile(content), save=False)
        form.save()
        filed.append(form)

    logger.info(
        "subsidy application %s: forms %s filed",
        application.pk,
        ", ".join(str(form.pk) for form in filed),
    )
    return filed


def download_name(form):
    """The name a browser offers for ``form``: the one it was stored under,
    which says its kind, the application's number and when it was sent."""
    return PurePosixPath(form.file.name).name
