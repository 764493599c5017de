"""Printable documents of a dwelling: the monthly bill ("рахунок-повідомлення").

Documents are always in Ukrainian, whatever language the resident browses in,
because banks and providers accept them in Ukrainian only.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone, translation
from num2words import num2words
from xhtml2pdf import pisa

from cms.home.models import SiteContacts
from plugins.billing import services

logger = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parent / "static" / "billing" / "fonts"
DOCUMENT_LANGUAGE = "uk"
DOCUMENT_TIME_ZONE = ZoneInfo("Europe/Kyiv")


class DocumentError(RuntimeError):
    """The PDF engine could not lay out a document."""


@dataclass
class ProviderBlock:
    """A provider's requisites on the bill, the accounts it bills there, who pays
    them and how much goes to this provider: a bank clerk fills one payment
    order per block."""

    provider: object
    accounts: list = field(default_factory=list)
    payers: list = field(default_factory=list)
    to_pay: Decimal = Decimal("0.00")


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


def build_bill(dwelling, period, site=None):
    """The bill of ``dwelling`` for the month starting on ``period``, or None
    when no provider charged the dwelling that month. ``site`` is the Wagtail
    site the bill is asked from; its contacts give the city of the address."""
    charges = services.month_charges(dwelling, period)
    if not charges:
        return None

    totals = services.totals(charges)
    return Bill(
        dwelling=dwelling,
        address=full_address(dwelling, site),
        period=period,
        charges=charges,
        payers=unique(charge.account.payer_name for charge in charges),
        providers=provider_blocks(charges),
        totals=totals,
        total_in_words=amount_in_words(totals["to_pay"]),
        generated_at=timezone.now().astimezone(DOCUMENT_TIME_ZONE),
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


def initials(full_name):
    """``Власенко Галина Віталіївна`` -> ``Власенко Г. В.``, as payment purposes
    write the payer; a name of one word is kept whole."""
    words = full_name.split()
    if not words:
        return ""
    surname, *given = words
    return " ".join([surname, *(f"{name[0]}." for name in given)])


def amount_in_words(amount):
    """``1234.56`` -> ``Одна тисяча двісті тридцять чотири гривні, п'ятдесят
    шість копійок``."""
    words = num2words(amount, lang="uk", to="currency", currency="UAH")
    return words[:1].upper() + words[1:]


def render_bill_pdf(bill):
    """The bill as the bytes of an A4 PDF."""
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(
            "billing/bill_pdf.html", {"bill": bill, "fonts_dir": FONTS_DIR}
        )

    pdf = BytesIO()
    status = pisa.CreatePDF(html, dest=pdf, encoding="utf-8", link_callback=local_font)
    if status.err:
        raise DocumentError(f"The bill of dwelling {bill.dwelling.pk} did not render.")

    logger.info("bill of dwelling %s for %s rendered", bill.dwelling.pk, bill.period)
    return pdf.getvalue()


def local_font(uri, rel):
    """Resolve the template's resources to the shipped fonts only, so rendering
    never reaches the network or any other file."""
    path = Path(uri).resolve()
    if path.parent != FONTS_DIR or path.suffix != ".ttf" or not path.is_file():
        raise DocumentError(f"The bill refers to an unknown resource {uri!r}.")
    return str(path)
