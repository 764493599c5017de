"""The history charts: scaling, empty data and refunds, and that the dwelling
page draws them without reading more as the history grows."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plugins.billing import charts
from tests.billing.conftest import make_charge


def month(number, charged="0", paid="0", recalculation="0", water=None):
    """A history row as services.history returns it."""
    return {
        "period": date(2026, number, 1),
        "charged": Decimal(charged),
        "relief": Decimal("0"),
        "recalculation": Decimal(recalculation),
        "paid": Decimal(paid),
        "water_volume": None if water is None else Decimal(water),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "1"),
        ("0.4", "0.4"),
        ("7", "8"),
        ("1234.56", "1500"),
        ("2000", "2000"),
        ("2001", "3000"),
        ("640.60", "800"),
    ],
)
def test_the_axis_ends_at_a_round_number_not_below_the_largest_value(value, expected):
    assert charts.nice_maximum(Decimal(value)) == Decimal(expected)


def test_the_tallest_bar_fills_the_plot_and_half_is_half_as_tall():
    chart = charts.money_chart([month(2, charged="500"), month(1, charged="1000")])

    due = chart.series[0].bars
    assert due[0].height == charts.plot_height()
    assert due[1].height == charts.plot_height() / 2
    assert due[0].y == charts.TOP
    assert chart.ticks[-1].label == "1\u00a0000"


def test_every_tick_is_a_round_number():
    chart = charts.water_chart([month(1, water="22.05")])

    assert [tick.label for tick in chart.ticks] == ["0", "10", "20", "30"]


def test_a_january_right_after_the_first_month_takes_the_year_alone():
    history = [month(2), month(1), {**month(1), "period": date(2025, 12, 1)}]

    chart = charts.money_chart(history)

    assert [label.year for label in chart.months] == ["", "2026", ""]


def test_months_run_oldest_first_with_ukrainian_abbreviations():
    chart = charts.money_chart([month(2, charged="1"), month(1, charged="1")])

    assert [label.text for label in chart.months] == ["січ", "лют"]
    assert [label.year for label in chart.months] == ["2026", ""]


def test_bars_of_two_series_sit_side_by_side_inside_the_plot():
    chart = charts.money_chart(
        [month(number, "10", "5") for number in range(12, 0, -1)]
    )

    due, paid = chart.series[0].bars, chart.series[1].bars
    assert len(due) == len(paid) == 12
    assert due[0].x >= charts.LEFT
    assert paid[0].x >= due[0].x + due[0].width
    assert paid[-1].x + paid[-1].width <= charts.WIDTH - charts.RIGHT


def test_no_money_at_all_still_draws_an_axis_with_flat_bars():
    chart = charts.money_chart([month(1), month(2)])

    assert [tick.label for tick in chart.ticks][0] == "0"
    assert all(bar.height == 0 for series in chart.series for bar in series.bars)


def test_a_refund_month_keeps_the_axis_at_zero_and_its_figure_in_words():
    chart = charts.money_chart(
        [month(2, charged="100", recalculation="-300"), month(1, charged="200")]
    )

    due = chart.series[0].bars
    assert due[1].height == 0
    assert due[1].y == charts.HEIGHT - charts.BOTTOM
    assert due[1].label == "-200,00\u00a0грн"
    assert chart.ticks[0].label == "0"
    assert "-200,00" in chart.description


def test_water_is_charted_only_for_a_dwelling_billed_for_water():
    assert charts.water_chart([month(1), month(2)]) is None
    chart = charts.water_chart([month(2, water="6.5"), month(1)])

    assert [bar.label for bar in chart.series[0].bars] == ["0\u00a0м³", "6,5\u00a0м³"]


def test_an_empty_history_has_no_charts():
    assert charts.history_charts([]) == []


def charge(number, volume="0", unit="m3", **amounts):
    """A charge of one service as services.service_history returns it."""
    money = ("charged", "benefit", "subsidy", "recalculation", "paid")
    values = {**dict.fromkeys(money, "0"), **amounts}
    return SimpleNamespace(
        period=date(2026, number, 1),
        volume=Decimal(volume),
        unit=unit,
        **{name: Decimal(value) for name, value in values.items()},
    )


def test_a_services_money_is_due_after_relief_and_recalculation():
    month = charge(1, charged="200", benefit="10", subsidy="20", recalculation="-5")

    money, _volume = charts.service_charts([month])

    assert money.series[0].bars[0].label == "165,00\u00a0грн"


def test_a_services_volume_is_charted_oldest_first_in_its_unit():
    charges = [charge(2, "1.5", "gcal"), charge(1, "2", "gcal")]

    _money, volume = charts.service_charts(charges)

    assert volume.title == "Обсяг за місяць, Гкал"
    assert [bar.label for bar in volume.series[0].bars] == [
        "2\u00a0Гкал",
        "1,5\u00a0Гкал",
    ]


def test_a_unit_written_as_the_export_sent_it_is_the_same_unit():
    charges = [charge(2, "6", "м³"), charge(1, "5", "m3")]

    assert charts.consumption_chart(charges).title == "Обсяг за місяць, м³"


def test_volumes_in_different_units_are_not_drawn_on_one_axis():
    charges = [charge(2, "6", "m3"), charge(1, "52.4", "m2_month")]

    assert charts.consumption_chart(charges) is None
    assert len(charts.service_charts(charges)) == 1


def test_a_service_without_charges_has_no_charts():
    assert charts.service_charts([]) == []


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response


@pytest.mark.django_db
def test_the_page_draws_both_charts_in_as_many_queries_for_1_or_24_months(
    client, resident, water_provider, services, billed_dwelling
):
    # Arrange: the fixture's two months, then twenty-two more before them.
    url = reverse("billing:dwelling", args=[billed_dwelling.pk])
    client.force_login(resident)
    client.get(url)  # the site layout sets up its own records on the first visit
    account = billed_dwelling.accounts.get()
    account.charges.filter(period=date(2026, 10, 1)).delete()
    one_month, _ = page_queries(client, url)
    for back in range(1, 24):
        index = 2026 * 12 + 9 - back  # months since year 0, from October 2026
        period = date(index // 12, index % 12 + 1, 1)
        make_charge(account, services["water_supply"], period, volume="5", unit="м³")

    # Act
    many_months, response = page_queries(client, url)

    # Assert
    assert response.context["history_charts"][1].title == "Спожито води за місяць"
    assert len(response.context["history"]) == 12
    assert many_months == one_month
    html = response.text
    assert html.count('<svg role="img"') == 2
    assert html.index('<svg role="img"') < html.index('<table class="history">')
