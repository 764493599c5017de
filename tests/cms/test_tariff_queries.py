from datetime import date
from decimal import Decimal

import pytest

from cms.directory.models import Provider
from cms.tariffs.models import Tariff, Unit
from cms.tariffs.queries import (
    TariffState,
    tariff_history,
    tariff_state,
    tariffs_in_force,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def water_history(water_provider, services):
    """Water supply: 18.00 from 2019, 29.052 from 2020-02-04, a proposed 35.00."""
    common = {
        "provider": water_provider,
        "service": services["water_supply"],
        "consumer_group": "населення",
        "unit": Unit.CUBIC_METRE,
    }
    return {
        "old": Tariff.objects.create(
            price=Decimal("18.00"), valid_from=date(2019, 1, 1), **common
        ),
        "current": Tariff.objects.create(
            price=Decimal("29.052"), valid_from=date(2020, 2, 4), **common
        ),
        "proposed": Tariff.objects.create(
            price=Decimal("35.00"),
            valid_from=date(2021, 1, 1),
            status=Tariff.Status.PROPOSED,
            **common,
        ),
    }


def test_latest_approved_start_wins(water_history):
    tariffs = tariffs_in_force(date(2024, 6, 1))

    assert tariffs == [water_history["current"]]


def test_earlier_date_gets_the_earlier_tariff(water_history):
    tariffs = tariffs_in_force(date(2019, 12, 31))

    assert tariffs == [water_history["old"]]


def test_nothing_before_the_first_tariff(water_history):
    assert tariffs_in_force(date(2018, 12, 31)) == []


def test_expired_tariff_is_not_in_force(water_history):
    water_history["current"].valid_to = date(2023, 12, 31)
    water_history["current"].save()

    # The older tariff has no end either, but the current one had superseded it.
    tariffs = tariffs_in_force(date(2024, 6, 1))

    assert tariffs == [water_history["old"]]


def test_one_tariff_per_consumer_group_and_service_filter(water_history, services):
    other_group = Tariff.objects.create(
        provider=water_history["current"].provider,
        service=services["water_supply"],
        consumer_group="бюджетні установи",
        unit=Unit.CUBIC_METRE,
        price=Decimal("31.10"),
        valid_from=date(2020, 2, 4),
    )
    sewerage = Tariff.objects.create(
        provider=water_history["current"].provider,
        service=services["sewerage"],
        consumer_group="населення",
        unit=Unit.CUBIC_METRE,
        price=Decimal("11.40"),
        valid_from=date(2020, 2, 4),
    )

    everything = tariffs_in_force(date(2024, 6, 1))
    sewerage_only = tariffs_in_force(date(2024, 6, 1), [services["sewerage"]])

    assert set(everything) == {water_history["current"], other_group, sewerage}
    assert everything[-1] == sewerage, "bill order puts sewerage after water"
    assert sewerage_only == [sewerage]


def test_states_for_the_history_table(water_history):
    on = date(2024, 6, 1)
    in_force_ids = {tariff.pk for tariff in tariffs_in_force(on)}

    states = {
        key: tariff_state(tariff, on, in_force_ids)
        for key, tariff in water_history.items()
    }

    assert states == {
        "old": TariffState.EXPIRED,
        "current": TariffState.IN_FORCE,
        "proposed": TariffState.PROPOSED,
    }


@pytest.fixture
def heating_history(services):
    """Heating rates saved out of date order, as a loader may save them: two
    consumer groups of one provider, one rate without a start, and a second
    provider whose name sorts first."""
    heating = services["central_heating"]
    main = Provider.objects.create(code="PTE", name="Тепло", short_name="КП «Тепло»")
    other = Provider.objects.create(code="ALT", name="Альфа", short_name="КП «Альфа»")

    def rate(provider, group, price, valid_from=None, valid_to=None):
        return Tariff.objects.create(
            provider=provider,
            service=heating,
            consumer_group=group,
            unit=Unit.SQUARE_METRE_MONTH,
            price=Decimal(price),
            valid_from=valid_from,
            valid_to=valid_to,
        )

    return [
        rate(main, "без лічильників", "36.45", date(2025, 10, 1)),
        rate(main, "без лічильників", "18.60", date(2015, 3, 31), date(2025, 9, 30)),
        rate(main, "з лічильниками", "764.02", date(2015, 3, 31)),
        rate(main, "без лічильників", "11.35", None, date(2015, 3, 30)),
        rate(other, "усі споживачі", "20.50", date(2020, 1, 1)),
    ]


def test_history_reads_as_a_timeline_per_provider_and_group(heating_history):
    history = tariff_history()

    prices = [tariff.price for tariff in history]

    assert prices == [
        Decimal(p) for p in ["20.50", "11.35", "18.60", "36.45", "764.02"]
    ], (
        "provider, then consumer group, then the oldest start first, an unknown "
        "start before every known one"
    )
