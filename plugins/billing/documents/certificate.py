"""The settlement certificate ("довідка про стан розрахунків"): a dwelling's
debt or prepayment per provider and service on a date the resident chooses,
with a code anyone can check on the portal."""

import logging
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.pdf import (
    DOCUMENT_TIME_ZONE,
    amount_in_words,
    render_pdf,
)
from plugins.billing import qr, services
from plugins.billing.documents.bill import full_address, initials
from plugins.billing.models import Charge, Payment, SettlementCertificate
from plugins.billing.months import month_end

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code read aloud over the phone or typed from paper stays
# unambiguous. 31 symbols ** 10 is about 8 * 10**14 codes, so guessing one that
# was issued is hopeless.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_ATTEMPTS = 5
ZERO = Decimal("0.00")


class CertificateDateError(ValueError):
    """The date asked for cannot be certified; the message says why."""


def today_in_kyiv():
    return timezone.now().astimezone(DOCUMENT_TIME_ZONE).date()


def earliest_certificate_date(dwelling):
    """The end of the dwelling's first billed month, or None before any bill:
    no balance is known before a month has been closed."""
    first = (
        Charge.objects.filter(account__dwelling=dwelling)
        .order_by("period")
        .values_list("period", flat=True)
        .first()
    )
    return month_end(first) if first else None


def check_date(dwelling, as_of, today):
    """Refuse a date in the future or before the first closed month."""
    if as_of > today:
        raise CertificateDateError(_("The date may not be in the future."))
    earliest = earliest_certificate_date(dwelling)
    if earliest is None:
        raise CertificateDateError(_("This dwelling has not been billed yet."))
    if as_of < earliest:
        raise CertificateDateError(
            _("The earliest date is %(date)s, the end of the first billed month.")
            % {"date": earliest.strftime("%d.%m.%Y")}
        )


def certificate_figures(dwelling, as_of, address=""):
    """What the certificate of ``dwelling`` states on ``as_of``, as JSON-ready
    data (amounts as strings with two decimals, positive a debt).

    The rule: for each personal account, take the last month it was billed for
    that ends on or before ``as_of``; each service's balance is the closing
    balance of its latest charge up to that month. Confirmed payments into the
    account dated after that month's end, up to and including ``as_of``, are
    then subtracted from the account's total: providers report them per
    account, not per service, so they are shown as a line of their own. Charges
    of a month that has not ended by ``as_of`` are ignored, since the month's
    figures are only known when it is closed.
    """
    latest = latest_charges(dwelling, as_of)
    months = last_months(latest)
    paid = payments_after(dwelling, months, as_of)

    providers = {}
    for charge in latest:
        account = charge.account
        entry = providers.setdefault(account.provider_id, provider_entry(account))
        if account.number not in entry["accounts"]:
            entry["accounts"].append(account.number)
            entry["paid_after"] += paid.get(account.pk, ZERO)
            entry["month"] = max(entry["month"], months[account.pk])
        entry["services"].append(
            {"name": charge.service.name, "balance": charge.closing_balance}
        )
        entry["balance"] += charge.closing_balance

    entries = list(providers.values())
    for entry in entries:
        entry["balance"] -= entry["paid_after"]
    total = sum((entry["balance"] for entry in entries), ZERO)
    return serialise(
        {
            "address": address or dwelling.address,
            "payers": payers(latest),
            "as_of": as_of,
            "providers": entries,
            "total": total,
            "total_in_words": amount_in_words(abs(total)),
        }
    )


def latest_charges(dwelling, as_of):
    """Each account's and service's latest charge of a month ended by
    ``as_of``, in certificate order."""
    # A month has ended by as_of when it starts before the month of the next day.
    following = as_of + timedelta(days=1)
    limit = following.replace(day=1)
    charges = list(
        Charge.objects.filter(account__dwelling=dwelling, period__lt=limit)
        .order_by("account_id", "service_id", "-period")
        .distinct("account_id", "service_id")
        .select_related("account__provider", "service")
    )
    charges.sort(
        key=lambda charge: (
            charge.account.provider.short_name,
            charge.account.number,
            charge.service.sort_order,
        )
    )
    return charges


def payers(charges):
    """The account holders the providers bill, each named once, in the
    certificate's order: the certificate is about their settlements."""
    names = []
    for charge in charges:
        name = charge.account.payer_name.strip()
        if name and name not in names:
            names.append(name)
    return names


def last_months(charges):
    """The last month counted for each account, by account id."""
    months = {}
    for charge in charges:
        current = months.get(charge.account_id)
        months[charge.account_id] = max(current or charge.period, charge.period)
    return months


def payments_after(dwelling, months, as_of):
    """Confirmed payments per account dated after its last counted month ends
    and up to ``as_of``."""
    if not months:
        return {}
    earliest = min(month_end(month) for month in months.values())
    found = Payment.objects.filter(
        account__dwelling=dwelling,
        confirmed=True,
        paid_on__gt=earliest,
        paid_on__lte=as_of,
    ).values_list("account_id", "paid_on", "amount")

    totals = {}
    for account_id, paid_on, amount in found:
        month = months.get(account_id)
        if month is not None and paid_on > month_end(month):
            totals[account_id] = totals.get(account_id, ZERO) + amount
    return totals


def provider_entry(account):
    provider = account.provider
    return {
        "name": provider.name,
        "edrpou": provider.edrpou,
        "accounts": [],
        "services": [],
        "month": date.min,
        "paid_after": ZERO,
        "balance": ZERO,
    }


def serialise(value):
    """Decimals and dates as strings, the rest as it is, for the JSON field."""
    if isinstance(value, dict):
        return {key: serialise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [serialise(item) for item in value]
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_certificate(dwelling, user, as_of, site=None, today=None):
    """Issue ``user`` a settlement certificate of ``dwelling`` on ``as_of``.

    Only those who settle the dwelling's accounts may: its residents and the
    delegates allowed to pay (a certificate is shown to banks and offices on
    the payer's behalf, which a "view" delegate may not act on). The date must be neither in the
    future (``today`` in Kyiv by default) nor before the end of the first billed
    month, else CertificateDateError says why. The figures are stored as they
    are now, so the certificate's verification page keeps showing what was
    issued after later imports change them.
    """
    if not may_issue(user, dwelling):
        raise PermissionDenied("The user may not settle this dwelling's accounts.")
    check_date(dwelling, as_of, today or today_in_kyiv())

    figures = certificate_figures(dwelling, as_of, full_address(dwelling, site))
    # The public check page names the payers by initials only.
    figures["holder"] = ", ".join(initials(name) for name in figures["payers"])
    certificate = save_with_new_code(dwelling, user, as_of, figures)

    logger.info(
        "certificate %s issued for dwelling %s as of %s",
        certificate.pk,
        dwelling.pk,
        as_of,
    )
    return certificate


def may_issue(user, dwelling):
    """Whether ``user`` may have the dwelling's certificates issued."""
    visible = services.dwellings_of(user).filter(pk=dwelling.pk).exists()
    return visible and services.can_pay(user, dwelling)


def save_with_new_code(dwelling, user, as_of, figures):
    """Create the certificate, drawing another code in the unlikely case the
    first one is taken."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return SettlementCertificate.objects.create(
                    code=new_code(),
                    dwelling=dwelling,
                    issued_to=user,
                    as_of=as_of,
                    figures=figures,
                )
        except IntegrityError:
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


@dataclass
class CertificateView:
    """A stored certificate's figures with amounts as Decimals, as both the PDF
    and the verification page show them."""

    certificate: SettlementCertificate
    address: str
    as_of: date
    providers: list
    total: object
    total_in_words: str
    holder: str
    payers: list

    @property
    def issued_at(self):
        return self.certificate.issued_at.astimezone(DOCUMENT_TIME_ZONE)


def present(certificate):
    """The certificate's snapshot ready for a template."""
    figures = certificate.figures
    return CertificateView(
        certificate=certificate,
        address=figures["address"],
        as_of=date.fromisoformat(figures["as_of"]),
        providers=[present_provider(entry) for entry in figures["providers"]],
        total=Amount(figures["total"]),
        total_in_words=figures["total_in_words"],
        holder=figures.get("holder", ""),
        # Certificates issued before payers were stated name none.
        payers=figures.get("payers", []),
    )


def present_provider(entry):
    month = date.fromisoformat(entry["month"])
    return {
        **entry,
        "services": [
            {**row, "balance": Amount(row["balance"])} for row in entry["services"]
        ],
        "paid_after": Decimal(entry["paid_after"]),
        "counted_to": month_end(month),
        "balance": Amount(entry["balance"]),
    }


class Amount:
    """A balance split the way the certificate prints it: a debt or a
    prepayment, each a positive sum."""

    def __init__(self, text):
        self.value = Decimal(text)

    @property
    def debt(self):
        return max(self.value, ZERO)

    @property
    def prepayment(self):
        return max(-self.value, ZERO)


def render_certificate_pdf(certificate, verify_url):
    """The certificate as the bytes of a one-page A4 PDF whose QR code opens
    ``verify_url``, the public page that confirms it."""
    context = {
        "document": present(certificate),
        "requested_by": requested_by(certificate.issued_to),
        "verify_url": verify_url,
        "verify_qr": qr.png_data_uri(verify_url),
    }
    content = render_pdf(
        "billing/certificate_pdf.html",
        context,
        f"The certificate {certificate.pk}",
    )
    logger.info("certificate %s rendered", certificate.pk)
    return content


def requested_by(user):
    """Who asked for the certificate, by name; nothing when the profile has no
    name, since an e-mail address is no name to put on a document."""
    if user is None:
        return ""
    return surname_first(user)


def surname_first(user):
    """``Коваленко Олена``: Ukrainian documents name a person surname first."""
    return " ".join(part for part in (user.last_name, user.first_name) if part)
