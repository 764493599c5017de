"""Checking charges against the tariff in force, the norm and the arithmetic."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.tariffs.models import ConsumptionNorm
from plugins.billing import explanations, metered, services
from plugins.billing.choices import VolumeBasis
from plugins.billing.models import (
    Charge,
    Dwelling,
    Meter,
    MeterReading,
    PersonalAccount,
)
from tests.billing.conftest import NOVEMBER, make_charge

pytestmark = pytest.mark.django_db


@pytest.fixture
def flat(resident, water_provider, services, water_tariffs):
    """A flat of two persons without a meter, norm 7.35 m³ a person."""
    norm = ConsumptionNorm.objects.create(
        service=services["water_supply"],
        category="центральне водопостачання",
        code="water-central",
        value=Decimal("7.35"),
        unit="м³ на особу на місяць",
    )
    dwelling = Dwelling.objects.create(
        street="вул. Шевченка",
        house="3",
        total_area=Decimal("52.40"),
        registered_persons=2,
        water_norm=norm,
    )
    dwelling.residents.add(resident)
    PersonalAccount.objects.create(
        dwelling=dwelling,
        provider=water_provider,
        number="100777",
        access_code="1111",
        payer_name="Коваленко Олена Іванівна",
    )
    return dwelling


def water_charge(dwelling, tariffs, period=NOVEMBER, **values):
    """A water charge of the flat; by default it is right: 14.70 m³ by norm."""
    amounts = {"volume": "14.70", "price": "29.052", "charged": "427.06", **values}
    basis = amounts.pop("volume_basis", VolumeBasis.NORM)
    charge = make_charge(
        dwelling.accounts.get(),
        tariffs["water_supply"].service,
        period,
        unit="m3",
        **amounts,
    )
    Charge.objects.filter(pk=charge.pk).update(
        volume_basis=basis, tariff=tariffs["water_supply"]
    )
    return Charge.objects.select_related("account", "service", "tariff").get(
        pk=charge.pk
    )


def check(dwelling, charge):
    return services.check_charges(dwelling, [charge])[charge.pk]


def test_a_right_charge_is_not_marked(flat, water_tariffs):
    charge = water_charge(flat, water_tariffs)

    result = check(flat, charge)

    assert not result.differs
    assert result.expected == Decimal("427.06")


def test_a_different_tariff_is_marked(flat, water_tariffs):
    charge = water_charge(
        flat,
        water_tariffs,
        volume="10",
        price="30",
        charged="300.00",
        volume_basis=VolumeBasis.METER,
    )

    result = check(flat, charge)

    assert result.differs
    assert result.expected == Decimal("290.52")
    assert result.reasons == [
        "застосований тариф 30,00 відрізняється від чинного тарифу 29,052"
    ]


def test_a_volume_above_the_norm_is_marked(flat, water_tariffs):
    charge = water_charge(flat, water_tariffs, volume="20", charged="581.04")

    result = check(flat, charge)

    assert result.differs
    assert result.reasons == ["обсяг 20 м³ відрізняється від норми 14,7 м³ для 2 осіб"]


def test_wrong_arithmetic_is_marked(flat, water_tariffs):
    charge = water_charge(
        flat,
        water_tariffs,
        volume="20",
        charged="600.00",
        volume_basis=VolumeBasis.METER,
    )

    result = check(flat, charge)

    assert result.differs
    assert result.reasons == ["нараховано 600,00 ≠ 20 × 29,052 = 581,04"]


def test_a_kopeck_of_rounding_is_not_marked(flat, water_tariffs):
    charge = water_charge(flat, water_tariffs, charged="427.07")

    assert not check(flat, charge).differs


def test_the_dwelling_page_shows_the_mark_and_its_reason(
    client, resident, flat, water_tariffs
):
    water_charge(
        flat,
        water_tariffs,
        volume="20",
        charged="600.00",
        volume_basis=VolumeBasis.METER,
    )
    client.force_login(resident)

    response = client.get(reverse("billing:dwelling", args=[flat.pk]))

    assert "charge-check differs" in response.text
    assert "нараховано 600,00 ≠ 20 × 29,052 = 581,04" in response.text


def months(count):
    return [date(2025 + (11 + n) // 12 - 1, (11 + n) % 12 + 1, 1) for n in range(count)]


def dwelling_page_queries(client, dwelling):
    url = reverse("billing:dwelling", args=[dwelling.pk])
    client.get(url)  # warm up the site's own caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_history(
    client, resident, flat, water_tariffs
):
    client.force_login(resident)
    water_charge(flat, water_tariffs, period=months(1)[0])
    one_month = dwelling_page_queries(client, flat)

    for period in months(12)[1:]:
        water_charge(flat, water_tariffs, period=period)
    twelve_months = dwelling_page_queries(client, flat)

    assert twelve_months == one_month


def test_checking_a_year_costs_as_many_queries_as_a_month(flat, water_tariffs):
    water_charge(flat, water_tariffs, period=months(1)[0])
    with CaptureQueriesContext(connection) as one:
        checked_one = services.check_months(flat)

    for period in months(12)[1:]:
        water_charge(flat, water_tariffs, period=period, charged="500.00")
    with CaptureQueriesContext(connection) as twelve:
        checked = services.check_months(flat)

    assert len(twelve) == len(one)
    assert len(checked_one) == 1
    assert sum(result.differs for result in checked.values()) == 11


def read_meter(dwelling, services, *readings, serial="W-0001"):
    """A water meter of the flat's account with ``readings`` (day, value)."""
    meter = Meter.objects.create(
        account=dwelling.accounts.get(),
        service=services["water_supply"],
        serial_number=serial,
    )
    for taken_on, value in readings:
        MeterReading.objects.create(
            meter=meter, taken_on=taken_on, value=Decimal(value)
        )
    return meter


NOVEMBER_READINGS = ((date(2026, 10, 28), "100.000"), (date(2026, 11, 27), "110.000"))


def test_a_charge_by_norm_while_the_meter_was_read_is_marked(
    flat, water_tariffs, services
):
    read_meter(flat, services, *NOVEMBER_READINGS)
    charge = water_charge(flat, water_tariffs)  # 14.70 m³ by norm, 427.06

    result = check(flat, charge)

    assert result.differs
    assert result.expected == Decimal("290.52")  # 10 m³ × 29,052
    assert result.reasons == [
        "нараховано за нормою, 14,7 м³, хоча лічильник W-0001 мав показники: "
        "100 на 28.10.2026 → 110 на 27.11.2026, 10 м³"
    ]


def test_a_metered_volume_other_than_the_readings_is_marked(
    flat, water_tariffs, services
):
    read_meter(flat, services, *NOVEMBER_READINGS)
    charge = water_charge(
        flat,
        water_tariffs,
        volume="12",
        charged="348.62",
        volume_basis=VolumeBasis.METER,
    )

    result = check(flat, charge)

    assert result.expected == Decimal("290.52")
    assert result.reasons == [
        "обсяг 12 м³ відрізняється від показників лічильника W-0001: "
        "100 на 28.10.2026 → 110 на 27.11.2026, 10 м³"
    ]


def test_a_charge_that_matches_the_readings_is_not_marked(
    flat, water_tariffs, services
):
    read_meter(flat, services, *NOVEMBER_READINGS)
    charge = water_charge(
        flat,
        water_tariffs,
        volume="10",
        charged="290.52",
        volume_basis=VolumeBasis.METER,
    )

    assert not check(flat, charge).differs


def test_sewerage_is_checked_against_the_water_meter(flat, water_tariffs, services):
    read_meter(flat, services, *NOVEMBER_READINGS)
    charge = make_charge(
        flat.accounts.get(),
        services["sewerage"],
        volume="14.70",
        price="11.40",
        charged="167.58",
        unit="m3",
    )
    Charge.objects.filter(pk=charge.pk).update(
        volume_basis=VolumeBasis.NORM, tariff=water_tariffs["sewerage"]
    )
    charge = Charge.objects.select_related("account", "service", "tariff").get(
        pk=charge.pk
    )

    result = check(flat, charge)

    assert result.expected == Decimal("114.00")  # 10 m³ × 11,40
    assert "лічильник W-0001" in result.reasons[0]


def test_a_month_without_a_reading_is_checked_by_the_norm(
    flat, water_tariffs, services
):
    # Read in October only: November's charge by norm is right.
    read_meter(flat, services, (date(2026, 9, 28), "90"), (date(2026, 10, 28), "100"))
    charge = water_charge(flat, water_tariffs)

    assert not check(flat, charge).differs


def test_two_meters_are_added_up_and_both_must_be_read(flat, water_tariffs, services):
    read_meter(flat, services, *NOVEMBER_READINGS)
    second = read_meter(flat, services, (date(2026, 10, 30), "5"), serial="W-0002")
    charge = water_charge(flat, water_tariffs)

    assert not check(flat, charge).differs  # W-0002 was not read in November

    MeterReading.objects.create(
        meter=second, taken_on=date(2026, 11, 30), value=Decimal("9.700")
    )
    result = check(flat, charge)

    assert result.expected == Decimal("427.06")  # (10 + 4,7) m³ = the norm's 14,7
    assert not result.differs


def explained(dwelling, charge):
    return explanations.explain(charge, None, dwelling, metered.ReadingBook(dwelling))


def test_a_metered_charge_names_its_readings(flat, water_tariffs, services):
    read_meter(flat, services, *NOVEMBER_READINGS)
    charge = water_charge(
        flat,
        water_tariffs,
        volume="10",
        charged="290.52",
        volume_basis=VolumeBasis.METER,
    )

    assert explained(flat, charge).how == [
        "за лічильником W-0001: 100 → 110",
        "29,052 грн × 10 м³ = 290,52 грн",
    ]


def test_a_charge_by_norm_says_the_meter_went_unread(flat, water_tariffs, services):
    read_meter(flat, services, (date(2026, 9, 28), "90"), (date(2026, 10, 28), "100"))
    charge = water_charge(flat, water_tariffs)

    assert explained(flat, charge).how[0] == (
        "лічильник не знімали за цей місяць, тому застосовано норму"
    )


def test_the_page_shows_the_readings_a_charge_rests_on(
    client, resident, flat, water_tariffs, services
):
    read_meter(flat, services, *NOVEMBER_READINGS)
    water_charge(
        flat, water_tariffs, volume="10", charged="290.52", volume_basis="meter"
    )
    client.force_login(resident)

    response = client.get(reverse("billing:dwelling", args=[flat.pk]))

    assert "за лічильником W-0001: 100 → 110" in response.text
    assert "✓ Відповідає тарифу" in response.text


def test_a_month_without_a_tariff_in_force_is_named_as_on_the_bills(
    flat, water_tariffs
):
    charge = water_charge(flat, water_tariffs, period=date(1999, 3, 1))

    result = check(flat, charge)

    assert not result.checked
    assert result.reasons == ["за 03.1999 не діяв жоден затверджений тариф надавача"]
