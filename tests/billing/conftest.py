"""Fixtures of the billing area: export files, residents and billed dwellings.

Everything is built here; nothing comes from the demo seed.
"""

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from plugins.billing import documents, fragments
from plugins.billing.importing import COLUMNS, DELIMITER
from plugins.billing.models import Charge, Dwelling, PersonalAccount, ProviderStaff

NOVEMBER = date(2026, 11, 1)

# The admin's form for a provider's export.
UPLOAD = reverse("billing_imports:upload")

ROW_DEFAULTS = {
    "account": "100234",
    "access_code": "4821",
    "payer": "Коваленко Олена Іванівна",
    "street": "вул. Соборна",
    "house": "12",
    "apartment": "5",
    "total_area": "52,40",
    "persons": "2",
    "service": "water_supply",
    "period": "2026-11",
    "opening_balance": "120,50",
    "volume": "6,000",
    "unit": "м³",
    "price": "29,052",
    "charged": "174,31",
    "benefit": "0,00",
    "subsidy": "0,00",
    "recalculation": "0,00",
    "paid": "120,50",
    "closing_balance": "174,31",
}


def export_row(**values):
    """One export row as a dict: the defaults, overridden by ``values``."""
    return {**ROW_DEFAULTS, **values}


def export_file(rows, columns=COLUMNS):
    """The bytes of an export with a header and ``rows`` (dicts by column)."""
    lines = [DELIMITER.join(columns)]
    lines += [DELIMITER.join(row[name] for name in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def good_export():
    """Two accounts of the water utility for November 2026, four rows."""
    return export_file(
        [
            export_row(),
            export_row(
                service="sewerage",
                opening_balance="45,60",
                price="11,40",
                charged="68,40",
                paid="45,60",
                closing_balance="68,40",
            ),
            export_row(
                account="100235",
                access_code="7390",
                payer="Шевченко Петро Миколайович",
                apartment="6",
                total_area="38,10",
                persons="1",
                opening_balance="0",
                volume="3,5",
                charged="101,68",
                benefit="25,42",
                recalculation="-10,00",
                paid="0",
                closing_balance="66,26",
            ),
            export_row(
                account="100235",
                access_code="7390",
                payer="Шевченко Петро Миколайович",
                apartment="6",
                total_area="38,10",
                persons="1",
                service="sewerage",
                opening_balance="-20.00",
                volume="3.5",
                price="11.40",
                charged="39.90",
                paid="0",
                closing_balance="19.90",
            ),
        ]
    )


@pytest.fixture
def resident(django_user_model):
    return django_user_model.objects.create_user(
        username="olena", email="olena@example.org", password="secret-pass-1"
    )


@pytest.fixture
def neighbour(django_user_model):
    return django_user_model.objects.create_user(
        username="petro", email="petro@example.org", password="secret-pass-2"
    )


# What a charge takes as text; every other value is a Decimal.
TEXT_FIELDS = ("unit", "volume_basis")


def make_charge(account, service, period=NOVEMBER, **amounts):
    """A charge whose closing balance follows from its other amounts."""
    values = {
        "opening_balance": Decimal("0.00"),
        "volume": Decimal("0"),
        "unit": "",
        "price": Decimal("0"),
        "charged": Decimal("0.00"),
        "benefit": Decimal("0.00"),
        "subsidy": Decimal("0.00"),
        "recalculation": Decimal("0.00"),
        "paid": Decimal("0.00"),
        **{
            name: Decimal(value)
            for name, value in amounts.items()
            if name not in TEXT_FIELDS
        },
    }
    values.update({name: amounts[name] for name in TEXT_FIELDS if name in amounts})
    values["closing_balance"] = (
        values["opening_balance"]
        + values["charged"]
        - values["benefit"]
        - values["subsidy"]
        + values["recalculation"]
        - values["paid"]
    )
    return Charge.objects.create(
        account=account, service=service, period=period, **values
    )


def flat_with_account(resident, provider, *, apartment, area, persons, **account):
    """A flat at вул. Соборна, 12 linked to ``resident``, with one account."""
    dwelling = Dwelling.objects.create(
        street="вул. Соборна",
        house="12",
        apartment=apartment,
        total_area=Decimal(area),
        registered_persons=persons,
    )
    dwelling.residents.add(resident)
    account = PersonalAccount.objects.create(
        dwelling=dwelling,
        provider=provider,
        number=account["number"],
        access_code=account["access_code"],
        payer_name=account["payer"],
    )
    return dwelling, account


@pytest.fixture
def billed_dwelling(resident, water_provider, services):
    """Olena's flat with a water account, billed for October and November 2026.

    November's total to pay is 1 234,56: water 1 000,00 and sewerage 234,56.
    """
    dwelling, account = flat_with_account(
        resident,
        water_provider,
        apartment="5",
        area="52.40",
        persons=2,
        number="100234",
        access_code="4821",
        payer="Коваленко Олена Іванівна",
    )
    for service in (services["water_supply"], services["sewerage"]):
        make_charge(account, service, date(2026, 10, 1), charged="100.00", paid="0")
    make_charge(
        account,
        services["water_supply"],
        opening_balance="100.00",
        volume="34.422",
        unit="м³",
        price="29.052",
        charged="1000.03",
        benefit="0.03",
        paid="100.00",
    )
    make_charge(
        account,
        services["sewerage"],
        opening_balance="100.00",
        volume="20.575",
        unit="м³",
        price="11.40",
        charged="234.56",
        subsidy="50.00",
        recalculation="50.00",
        paid="100.00",
    )
    return dwelling


@pytest.fixture
def neighbours_dwelling(neighbour, water_provider, services):
    """Petro's flat next door, with one charge."""
    dwelling, account = flat_with_account(
        neighbour,
        water_provider,
        apartment="6",
        area="38.10",
        persons=1,
        number="100235",
        access_code="7390",
        payer="Шевченко Петро Миколайович",
    )
    make_charge(account, services["water_supply"], charged="50.00")
    return dwelling


@pytest.fixture(autouse=True)
def private_cache():
    """A cache of each test alone: rate-limit counters and cached lookups never
    leak between tests, nor in from a shared cache an earlier run filled."""
    # Only the default cache is swapped: the forum engine looks its own up by
    # name whenever the URLs load.
    locmem = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with override_settings(CACHES=locmem):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def forget_fragments(monkeypatch):
    """A call that leaves every cached part of the cabinet's pages behind, as
    an import of every dwelling would, and the rest of the cache (sessions)
    as it is: the next page is drawn in full."""

    def forget():
        monkeypatch.setattr(
            fragments, "KEY_PREFIX", f"{fragments.KEY_PREFIX}{uuid4()}:"
        )

    return forget


@pytest.fixture
def third_dwelling(django_user_model, water_provider, services):
    """A third flat of the house, charged 77.70 in November, and one only
    charged in October, which a November run leaves alone."""
    owner = django_user_model.objects.create_user(username="ivan", password="x")
    dwelling, account = flat_with_account(
        owner,
        water_provider,
        apartment="7",
        area="40.00",
        persons=1,
        number="100236",
        access_code="1111",
        payer="Бондар Іван Петрович",
    )
    make_charge(account, services["water_supply"], charged="77.70")
    october, october_account = flat_with_account(
        owner,
        water_provider,
        apartment="8",
        area="40.00",
        persons=1,
        number="100237",
        access_code="2222",
        payer="Бондар Іван Петрович",
    )
    make_charge(october_account, services["water_supply"], date(2026, 10, 1))
    return dwelling


@pytest.fixture
def dwellings(billed_dwelling, neighbours_dwelling, third_dwelling):
    return [billed_dwelling, neighbours_dwelling, third_dwelling]


def bill_url(dwelling):
    return reverse("billing:bill", args=[dwelling.pk, "2026-11"])


def no_rendering(monkeypatch):
    """Fail any new layout, so a 200 proves the stored file was served."""

    def refuse(bill):
        raise AssertionError("the stored bill should have been served")

    monkeypatch.setattr(documents, "render_bill_pdf", refuse)


def admin_user(django_user_model, username, *permissions):
    """A user let into the admin as Wagtail's Editors are, plus ``permissions``."""
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password="pass-1"
    )
    user.groups.add(editors)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="billing", codename__in=permissions
        )
    )
    return user


@pytest.fixture
def uploader(django_user_model, water_provider):
    """A Vodokanal employee who may upload imports."""
    user = admin_user(
        django_user_model, "operator", "add_billingimport", "view_billingimport"
    )
    ProviderStaff.objects.create(user=user, provider=water_provider)
    return user


def upload(client, provider, data, **fields):
    return client.post(
        UPLOAD,
        {
            "provider": provider.pk,
            "file": SimpleUploadedFile("pvk-2026-11.csv", data, "text/csv"),
            # These tests upload a provider's first file, which opens accounts.
            "new_accounts": "on",
            **fields,
        },
    )
