"""Which tariff is in force for a provider, service, group and month."""

from datetime import date
from decimal import Decimal

from cms.tariffs.models import Tariff, Unit
from plugins.billing.calculation import pick_tariff, tariff_in_force

GROUP = "усі споживачі"


def make(price, valid_from=None, valid_to=None, status=Tariff.Status.APPROVED):
    return Tariff(
        provider_id=1,
        service_id=1,
        consumer_group=GROUP,
        unit=Unit.CUBIC_METRE,
        price=Decimal(price),
        valid_from=valid_from,
        valid_to=valid_to,
        status=status,
    )


def pick(tariffs, month, group=GROUP):
    return pick_tariff(
        tariffs, provider_id=1, service_id=1, consumer_group=group, month=month
    )


def test_the_tariff_that_started_last_wins_when_the_old_one_has_no_end():
    old = make("14.904", valid_from=date(2017, 12, 18))
    new = make("29.052", valid_from=date(2020, 2, 4))

    assert pick([new, old], date(2024, 5, 1)) is new
    assert pick([new, old], date(2019, 5, 1)) is old


def test_a_tariff_starting_mid_month_applies_from_the_next_month():
    old = make("14.904", valid_from=date(2017, 12, 18))
    new = make("29.052", valid_from=date(2020, 2, 4))

    assert pick([old, new], date(2020, 2, 1)) is old
    assert pick([old, new], date(2020, 3, 1)) is new


def test_proposed_and_draft_tariffs_are_never_in_force():
    approved = make("49.80", valid_from=date(2025, 12, 1))
    proposed = make("62.40", status=Tariff.Status.PROPOSED)
    draft = make("70.00", valid_from=date(2026, 1, 1), status=Tariff.Status.DRAFT)

    assert pick([approved, proposed, draft], date(2026, 6, 1)) is approved


def test_an_ended_tariff_and_another_group_do_not_count():
    ended = make("8.70", valid_to=date(2017, 3, 21))
    other_group = make("13.84", valid_from=date(2017, 3, 22))
    other_group.consumer_group = "інші споживачі"

    assert pick([ended, other_group], date(2018, 1, 1)) is None


def test_the_database_lookup_finds_the_real_water_tariff(water_tariffs, services):
    water = water_tariffs["water_supply"]

    found = tariff_in_force(
        water.provider, services["water_supply"], GROUP, date(2026, 1, 1)
    )

    assert found == water
    assert found.price == Decimal("29.052")
