"""Billing's part of a resident's data: their dwellings, the access given
on them, charges and payments, meter readings they sent and their disputes;
and what closing their account erases here.

Charges and payments belong to the dwelling's accounts, not to the person:
closing an account unlinks the person and keeps them. Meter readings stay on
the meter too, still linked to the (now anonymous) user id.
"""

from django.db.models import F, Q

from plugins.billing.importing.merging import CHARGE_FIELDS
from plugins.billing.models import (
    Charge,
    ChargeDispute,
    Dwelling,
    DwellingAccess,
    MeterReading,
    Payment,
    SettlementCertificate,
)

#: The newest rows of each kind the export lists; older ones are only counted,
#: so one export stays a few megabytes even for a landlord of many flats.
MAX_ROWS = 2000


def billing_data_of(user):
    """The export's "billing" section; one query per kind of row."""
    dwellings = list(
        Dwelling.objects.filter(residents=user).prefetch_related("accounts")
    )
    account_ids = [account.pk for d in dwellings for account in d.accounts.all()]
    return {
        "dwellings": [dwelling_row(dwelling) for dwelling in dwellings],
        "access": access_rows(user, dwellings),
        "charges": newest(charge_rows(account_ids)),
        "payments": newest(payment_rows(account_ids)),
        "meter_readings": newest(reading_rows(user)),
        "disputes": newest(dispute_rows(user)),
        "certificates": newest(certificate_rows(user)),
    }


def newest(rows):
    """At most MAX_ROWS of a newest-first queryset of dicts, and how many
    there are in all when that is more."""
    listed = list(rows[: MAX_ROWS + 1])
    if len(listed) <= MAX_ROWS:
        return listed
    return {"total": rows.count(), "newest": listed[:MAX_ROWS]}


def dwelling_row(dwelling):
    return {
        "id": dwelling.pk,
        "address": dwelling.address,
        "postal_code": dwelling.postal_code,
        "accounts": [
            {"number": account.number, "payer": account.payer_name}
            for account in dwelling.accounts.all()
        ],
    }


def access_rows(user, dwellings):
    """Access others were given to the user's dwellings, and access the user
    was given to someone else's."""
    grants = DwellingAccess.objects.filter(
        Q(dwelling__in=dwellings) | Q(user=user)
    ).select_related("dwelling", "user")
    return [
        {
            "dwelling": grant.dwelling.address,
            "delegate": str(grant.user.public_name()),
            "given_to_you": grant.user_id == user.pk,
            "level": grant.level,
            "granted_at": grant.granted_at,
        }
        for grant in grants
    ]


# What a provider's export says of a charge; the tariff is its price, shown.
EXPORTED_CHARGE_FIELDS = [name for name in CHARGE_FIELDS if name != "tariff_id"]


def charge_rows(account_ids):
    return (
        Charge.objects.filter(account_id__in=account_ids)
        .order_by("-period", "account_id", "service_id")
        .values(
            "period",
            *EXPORTED_CHARGE_FIELDS,
            account_number=F("account__number"),
            service_name=F("service__name"),
        )
    )


def payment_rows(account_ids):
    return (
        Payment.objects.filter(account_id__in=account_ids)
        .order_by("-paid_on", "-pk")
        .values(
            "paid_on",
            "amount",
            "source",
            "reference",
            account_number=F("account__number"),
        )
    )


def reading_rows(user):
    return (
        MeterReading.objects.filter(submitted_by=user)
        .order_by("-taken_on", "-pk")
        .values(
            "value", "taken_on", "submitted_at", meter_serial=F("meter__serial_number")
        )
    )


def dispute_rows(user):
    return (
        ChargeDispute.objects.filter(author=user)
        .order_by("-created_at", "-pk")
        .values(
            "period",
            "text",
            "expected_amount",
            "status",
            "answer",
            "created_at",
            account_number=F("account__number"),
            service_name=F("service__name"),
        )
    )


def certificate_rows(user):
    return (
        SettlementCertificate.objects.filter(issued_to=user)
        .order_by("-issued_at", "-pk")
        .values("code", "dwelling_id", "as_of", "issued_at")
    )


def erase_billing_data(user):
    """Unlink the user from their dwellings (other owners keep theirs), drop
    the access they gave or received, and blank the text of their disputes;
    charges, payments, readings and the disputes' outcome stay."""
    Dwelling.residents.through.objects.filter(user_id=user.pk).delete()
    DwellingAccess.objects.filter(Q(user=user) | Q(granted_by=user)).delete()
    ChargeDispute.objects.filter(author=user).update(text="")
