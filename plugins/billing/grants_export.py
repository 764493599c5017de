"""The housing subsidies in force in a month, as a CSV file for a provider's
billing: which of its accounts the state pays for, how much, and by which
decision (see docs/formats.md)."""

import logging

from django.core.exceptions import PermissionDenied
from django.db.models import F

from plugins.billing.downloads import CHUNK_ROWS, csv_lines
from plugins.billing.models import SubsidyGrant

logger = logging.getLogger(__name__)

EXPORT_PERMISSION = "billing.export_subsidygrant"

CSV_DELIMITER = ";"
# Excel takes a file without it for the local code page and garbles Cyrillic.
BYTE_ORDER_MARK = "\ufeff"
CSV_COLUMNS = [
    "account",
    "address",
    "service",
    "monthly",
    "period_from",
    "period_to",
    "decision",
]

FIELDS = (
    "dwelling__accounts__number",
    "dwelling__street",
    "dwelling__house",
    "dwelling__apartment",
    "service__code",
    "monthly",
    "period_from",
    "period_to",
    "reference",
)


def grants_in_force(provider, period):
    """``FIELDS`` of each grant in force in the month of ``period`` on the
    provider's accounts, by account and service; where two decisions cover
    the month, only the later one, as the charges have it. One query, read
    in chunks as the rows are asked for."""
    rows = (
        SubsidyGrant.objects.filter(
            period_from__lte=period,
            period_to__gte=period,
            dwelling__accounts__provider=provider,
            # The account through which the provider bills the granted service.
            dwelling__accounts__provider__services=F("service"),
        )
        .order_by(
            "dwelling__accounts__number",
            "service__sort_order",
            "service__code",
            "-created_at",
            "-pk",
        )
        .values_list(*FIELDS)
    )

    # A grant of an account and service follows the others of the same pair,
    # the latest first: comparing with the row before is enough.
    last = None
    for row in rows.iterator(chunk_size=CHUNK_ROWS):
        key = (row[0], row[4])
        if key != last:
            last = key
            yield row


def address(street, house, apartment):
    """As ``Dwelling.address`` writes it: "вул. Соборна, 12, кв. 5"."""
    text = f"{street}, {house}"
    return f"{text}, кв. {apartment}" if apartment else text


def csv_row(row):
    number, street, house, apartment, service, monthly, first, last, reference = row
    return [
        number,
        address(street, house, apartment),
        service,
        f"{monthly:.2f}".replace(".", ","),
        f"{first:%Y-%m}",
        f"{last:%Y-%m}",
        reference,
    ]


def export_grants(provider, period, user=None):
    """The lines of the CSV file (the first with its byte-order mark) of the
    subsidies in force in the month on the provider's accounts, made as they
    are read: iterate once.

    ``user`` is the staff member downloading it, or None for an operator's
    command; staff need the ``billing.export_subsidygrant`` permission, which
    is checked at once, before any line is made.
    """
    if user is not None and not user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied("This user may not export subsidy decisions.")
    return grant_lines(provider, period, user)


def grant_lines(provider, period, user):
    rows = 0
    lines = csv_lines(
        CSV_COLUMNS,
        (csv_row(row) for row in grants_in_force(provider, period)),
        CSV_DELIMITER,
    )
    yield BYTE_ORDER_MARK + next(lines)
    for line in lines:
        rows += 1
        yield line

    logger.info(
        "subsidy decisions of provider %s for %s exported: %d rows, user %s",
        provider.pk,
        f"{period:%Y-%m}",
        rows,
        user.pk if user is not None else "-",
    )
