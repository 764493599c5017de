"""The bill explains itself: how each charge was computed and why it differs
from the month before, on crafted charges, and in one query on the page."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.directory.models import Service
from cms.tariffs.models import ConsumptionNorm
from plugins.billing.choices import VolumeBasis
from plugins.billing.explanations import explain
from plugins.billing.models import Charge, Dwelling
from tests.billing.conftest import make_charge

WATER = Service(code="water_supply", name="Водопостачання")
HEATING = Service(code="central_heating", name="Опалення")


def charge(period=date(2026, 11, 1), service=WATER, **values):
    """An unsaved charge of account 1; nothing here reads the database."""
    defaults = {
        "volume": Decimal("22.05"),
        "volume_basis": VolumeBasis.METER,
        "unit": "m3",
        "price": Decimal("29.052"),
        "charged": Decimal("640.60"),
    }
    defaults.update(values)
    return Charge(account_id=1, service=service, period=period, **defaults)


def before(**values):
    return charge(period=date(2026, 10, 1), **values)


def flat(persons=3, norm=None):
    return Dwelling(
        total_area=Decimal("54.5"), registered_persons=persons, water_norm=norm
    )


def test_a_metered_charge_shows_tariff_times_volume():
    found = explain(charge(), None, flat())

    assert found.how == ["29,052 грн × 22,05 м³ = 640,60 грн"]
    assert found.changes == []


def test_a_charge_by_norm_names_the_norm_and_the_persons():
    norm = ConsumptionNorm(value=Decimal("7.35"))
    found = explain(
        charge(volume=Decimal("22.05"), volume_basis=VolumeBasis.NORM),
        None,
        flat(persons=3, norm=norm),
    )

    assert found.how[0] == "за нормою 7,35 м³ × 3 особи"


@pytest.mark.parametrize(
    "persons, words",
    [(1, "на 1 особу"), (2, "на 2 особи"), (5, "на 5 осіб"), (21, "на 21 особу")],
)
def test_a_charge_per_person_names_them_in_the_right_case(persons, words):
    found = explain(
        charge(
            volume=Decimal(persons),
            volume_basis=VolumeBasis.PERSONS,
            unit="person_month",
            price=Decimal("45.00"),
        ),
        None,
        flat(persons=persons),
    )

    assert found.how[0] == words


def test_a_charge_by_area_names_the_area():
    found = explain(
        charge(
            volume=Decimal("54.5"),
            volume_basis=VolumeBasis.AREA,
            unit="m2_month",
            price=Decimal("8.10"),
            charged=Decimal("441.45"),
        ),
        None,
        flat(),
    )

    assert found.how == ["за площею 54,5 м²", "8,10 грн × 54,5 м² = 441,45 грн"]


def test_benefit_subsidy_and_recalculation_are_listed_only_when_there():
    found = explain(
        charge(
            benefit=Decimal("25.42"), subsidy=Decimal("0"), recalculation=Decimal("-10")
        ),
        None,
        flat(),
    )

    assert found.how[1:] == ["пільга −25,42 грн", "перерахунок −10,00 грн"]


def test_the_same_tariff_and_volume_is_no_change():
    assert explain(charge(), before(), flat()).changes == ["без змін"]


def test_a_new_tariff_shows_old_and_new_price():
    changes = explain(charge(), before(price=Decimal("25.10")), flat()).changes

    assert changes == ["тариф змінився: 25,10 → 29,052 грн"]


def test_a_new_volume_shows_old_and_new_volume():
    changes = explain(charge(), before(volume=Decimal("18")), flat()).changes

    assert changes == ["обсяг змінився: 18 → 22,05 м³"]


def test_more_registered_persons_explain_a_volume_by_norm():
    norm = ConsumptionNorm(value=Decimal("7.35"))
    by_norm = {"volume_basis": VolumeBasis.NORM}

    changes = explain(
        charge(volume=Decimal("22.05"), **by_norm),
        before(volume=Decimal("14.70"), **by_norm),
        flat(persons=3, norm=norm),
    ).changes

    assert changes == ["кількість зареєстрованих осіб змінилася: 2 → 3 особи"]


def test_a_recalculation_is_a_reason():
    changes = explain(charge(recalculation=Decimal("12.5")), before(), flat()).changes

    assert changes == ["перерахунок +12,50 грн"]


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        ((date(2026, 9, 1), date(2026, 10, 1)), "почався опалювальний сезон"),
        ((date(2026, 4, 1), date(2026, 5, 1)), "закінчився опалювальний сезон"),
    ],
)
def test_heating_season_start_and_end_explain_the_heating_charge(months, expected):
    earlier, later = months
    heating = {"service": HEATING, "volume_basis": VolumeBasis.AREA, "unit": "m2_month"}
    volumes = (Decimal("0"), Decimal("54.5"))
    if expected.startswith("закінчився"):
        volumes = volumes[::-1]

    changes = explain(
        charge(period=later, volume=volumes[1], **heating),
        charge(period=earlier, volume=volumes[0], **heating),
        flat(),
    ).changes

    assert changes == [expected]


@pytest.mark.django_db
def test_the_page_explains_every_row_in_as_many_queries_for_more_services(
    client, resident, billed_dwelling, services, forget_fragments
):
    # Arrange: November's two charges, then three more services in both
    # months; each page drawn in full, not taken from the cache.
    url = reverse("billing:dwelling", args=[billed_dwelling.pk])
    client.force_login(resident)
    client.get(url)
    forget_fragments()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    account = billed_dwelling.accounts.get()
    for code in ("central_heating", "building_maintenance", "solid_waste_removal"):
        for period in (date(2026, 10, 1), date(2026, 11, 1)):
            make_charge(account, services[code], period, charged="10.00")

    # Act
    forget_fragments()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    # Assert
    assert len(many) == len(few)
    assert len(response.context["explanations"]) == 5
    assert "обсяг змінився: 0 → 34,422 м³" in response.text
