"""The monthly bill ("рахунок-повідомлення") of a dwelling: every service of
every provider for one month, with each provider's requisites and a payment QR
code for what is owed to it."""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from cms.core.pdf import (
    DOCUMENT_LANGUAGE,
    DOCUMENT_TIME_ZONE,
    amount_in_words,
    render_pdf,
)
from cms.home.models import SiteContacts
from plugins.billing import due, qr, services

logger = logging.getLogger(__name__)


@dataclass
class ProviderBlock:
    """A provider's requisites on the bill, the accounts it bills there, who pays
    them and how much goes to this provider: a bank clerk fills one payment
    order per block, and a banking app reads the same order from ``qr_url``."""

    provider: object
    accounts: list = field(default_factory=list)
    payers: list = field(default_factory=list)
    # (account number, access code) for the owners' copy; see build_bill.
    access_codes: list = field(default_factory=list)
    to_pay: Decimal = Decimal("0.00")
    purpose: str = ""
    qr_url: str = ""

    @property
    def qr_png(self):
        return qr.payment_png_data_uri(self.qr_url) if self.qr_url else ""

    @property
    def qr_svg(self):
        return qr.payment_svg_markup(self.qr_url) if self.qr_url else ""


@dataclass
class Bill:
    """Everything the monthly bill of one dwelling shows."""

    dwelling: object
    address: str
    period: object
    charges: list
    payers: list
    providers: list
    totals: dict
    total_in_words: str
    generated_at: datetime
    due_on: object = None


def build_bill(dwelling, period, site=None):
    """The bill of ``dwelling`` for the month starting on ``period``, or None
    when no provider charged the dwelling that month. ``site`` is the Wagtail
    site the bill is asked from; its contacts give the city of the address."""
    charges = services.month_charges(dwelling, period)
    if not charges:
        return None

    totals = services.totals(charges)
    address = full_address(dwelling, site)
    blocks = provider_blocks(charges)
    # The codes let a co-owner link the dwelling in the cabinet, as on the
    # providers' paper bills; a delegate's copy leaves them out, or a relative
    # allowed to view could make themselves an owner.
    if getattr(dwelling, "owned", False):
        add_access_codes(blocks, charges)
    for block in blocks:
        block.purpose = payment_purpose(block, address, period)
        block.qr_url = payment_qr_url(block, qr_purpose(block, dwelling, period))

    return Bill(
        dwelling=dwelling,
        address=address,
        period=period,
        charges=charges,
        payers=unique(charge.account.payer_name for charge in charges),
        providers=blocks,
        totals=totals,
        total_in_words=amount_in_words(totals["to_pay"]),
        generated_at=timezone.now().astimezone(DOCUMENT_TIME_ZONE),
        due_on=due.due_date(period),
    )


def unique(values):
    return list(dict.fromkeys(values))


def full_address(dwelling, site):
    """The dwelling's street address followed by the city of the site's contacts,
    the way a payment order is addressed: ``вул. Соборна, 12, кв. 5, м. Павлоград,
    Дніпропетровська обл.``."""
    # Read without for_site(): that creates the settings row, a write on a GET.
    contacts = SiteContacts.objects.filter(site=site).first() if site else None
    parts = [dwelling.address, contacts.city.strip() if contacts else ""]
    return ", ".join(part for part in parts if part)


def add_access_codes(blocks, charges):
    by_provider = {block.provider.pk: block for block in blocks}
    for charge in charges:
        account = charge.account
        code = (account.number, account.access_code)
        block = by_provider[account.provider_id]
        if account.access_code and code not in block.access_codes:
            block.access_codes.append(code)


def provider_blocks(charges):
    blocks = {}
    for charge in charges:
        account = charge.account
        block = blocks.setdefault(account.provider_id, ProviderBlock(account.provider))
        if account.number not in block.accounts:
            block.accounts.append(account.number)
        payer = initials(account.payer_name)
        if payer and payer not in block.payers:
            block.payers.append(payer)
        block.to_pay += charge.to_pay
    return list(blocks.values())


def payment_purpose(block, address, period):
    """The purpose a payment order to this provider carries, in Ukrainian: the
    bill prints it and the QR code holds it."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _(
            "Payment for housing and utility services, account %(accounts)s, "
            "%(payer)s, %(address)s, %(month)s"
        ) % {
            "accounts": ", ".join(block.accounts),
            "payer": ", ".join(block.payers),
            "address": address,
            "month": format_date(period, "F Y").lower(),
        }


def qr_purpose(block, dwelling, period):
    """The purpose the QR code holds: the printed one, or, when that is longer
    than the format allows or makes the code larger than the rules' versions,
    the same without the city, so the month survives."""
    url = payment_qr_url(block, block.purpose)
    if len(block.purpose) <= qr.PURPOSE_MAX and (not url or qr.fits(url)):
        return block.purpose
    return payment_purpose(block, dwelling.address, period)


def payment_qr_url(block, purpose):
    """The NBU payment URL for this provider, or "" when nothing is owed to it
    or its requisites are missing: a code without an IBAN pays nobody."""
    provider = block.provider
    if block.to_pay <= 0 or not provider.iban or not provider.edrpou:
        return ""
    payload = qr.payment_payload(
        name=recipient_name(provider),
        iban=provider.iban,
        code=provider.edrpou,
        purpose=purpose,
        amount=block.to_pay,
    )
    return qr.payment_url(payload)


def recipient_name(provider):
    """The recipient as the code names it: the full name when it fits the
    field, else the short one. A full name cut to fit would name nobody the
    bank knows, and end in the middle of its quotes."""
    full = " ".join(provider.name.split())
    if len(full) <= qr.NAME_MAX or not provider.short_name:
        return full
    return provider.short_name


def initials(full_name):
    """``Власенко Галина Віталіївна`` -> ``Власенко Г. В.``, as payment purposes
    write the payer; a name of one word is kept whole."""
    words = full_name.split()
    if not words:
        return ""
    surname, *given = words
    return " ".join([surname, *(f"{name[0]}." for name in given)])


def render_bill_pdf(bill):
    """The bill as the bytes of an A4 PDF."""
    content = render_pdf(
        "billing/bill_pdf.html",
        {"bill": bill},
        f"The bill of dwelling {bill.dwelling.pk}",
    )
    logger.info("bill of dwelling %s for %s rendered", bill.dwelling.pk, bill.period)
    return content


def bill_digest(bill):
    """A fingerprint of everything the bill prints except the moment it was
    made: equal digests mean a stored copy still says what a new one would."""
    dwelling = bill.dwelling
    printed = [
        bill.address,
        bill.payers,
        str(dwelling.total_area),
        dwelling.registered_persons,
        str(bill.period),
        str(bill.due_on),
        [
            [
                charge.account.number,
                charge.service.name,
                str(charge.price),
                str(charge.volume),
                charge.unit,
                bool(charge.tariff and charge.tariff.is_example),
                *(str(getattr(charge, name)) for name in services.TOTALLED),
            ]
            for charge in bill.charges
        ],
        [
            [
                block.provider.name,
                block.provider.short_name,
                block.provider.edrpou,
                block.provider.iban,
                block.provider.bank_name,
                block.provider.is_example,
                block.access_codes,
                block.purpose,
                block.qr_url,
            ]
            for block in bill.providers
        ],
    ]
    return hashlib.sha256(repr(printed).encode("utf-8")).hexdigest()
