"""One service of a dwelling month by month: what a resident reads in its table
and charts, and who may open it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from plugins.billing.choices import VolumeBasis
from plugins.billing.models import (
    AccessKind,
    AccessLevel,
    AccessLogEntry,
    DwellingAccess,
)
from tests.billing.conftest import flat_with_account, make_charge

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def service_url(account, code="water_supply", dwelling=None):
    dwelling = dwelling or account.dwelling
    return reverse("billing:service_history", args=[dwelling.pk, account.pk, code])


@pytest.fixture
def water_account(resident, water_provider, services):
    """Olena's water account billed for September to November 2026: by norm,
    then by meter, with a benefit, a subsidy and a recalculation on the way.

    Due per month: 209,17, 135,26 and 149,31; paid 120,50, 209,17 and 100,00.
    """
    _dwelling, account = flat_with_account(
        resident,
        water_provider,
        apartment="5",
        area="52.40",
        persons=2,
        number="100234",
        access_code="4821",
        payer="Коваленко Олена Іванівна",
    )
    water = services["water_supply"]
    common = {"unit": "m3", "price": "29.052"}
    make_charge(
        account,
        water,
        date(2026, 9, 1),
        opening_balance="120.50",
        volume="7.200",
        volume_basis=VolumeBasis.NORM,
        charged="209.17",
        paid="120.50",
        **common,
    )
    make_charge(
        account,
        water,
        date(2026, 10, 1),
        opening_balance="209.17",
        volume="5.000",
        charged="145.26",
        benefit="10.00",
        paid="209.17",
        **common,
    )
    make_charge(
        account,
        water,
        date(2026, 11, 1),
        opening_balance="135.26",
        volume="6.000",
        charged="174.31",
        subsidy="20.00",
        recalculation="-5.00",
        paid="100.00",
        **common,
    )
    return account


def table_rows(html):
    """The rows of the months table, each as its HTML."""
    start = html.index('<table class="service-months">')
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    return body.split("</tr>")[:-1]


def cells(row):
    """A row's cells as the text a resident reads."""
    found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
    # Only ordinary white space is squeezed: a no-break space is part of a figure.
    text = (re.sub(r"<[^>]+>", " ", cell) for cell in found)
    return [re.sub(r"[ \t\n]+", " ", one).strip() for one in text]


def chart_bars(html, css_class):
    """The hover labels of one series' bars, in the order drawn."""
    start = html.index(f'<g class="chart-bars {css_class}">')
    group = html[start : html.index("</g>", start)]
    return re.findall(r"<rect [^>]*><title>(.*?)</title></rect>", group)


def test_the_table_shows_every_month_latest_first_with_its_balances(
    client, resident, water_account
):
    client.force_login(resident)

    response = client.get(service_url(water_account))

    assert response.status_code == 200
    november, october, september = (
        cells(row.replace("&nbsp;", NBSP)) for row in table_rows(response.text)
    )
    assert november[0].startswith("Листопад 2026")
    assert november[1:] == [
        "135,26",
        f"6{NBSP}м³ за лічильником",
        "29,052",
        "174,31",
        "0,00",
        "20,00",
        "-5,00",
        "100,00",
        "184,57",
    ]
    assert october[1] == "209,17" and october[-1] == "135,26"
    assert october[5] == "10,00"
    assert september[0].startswith("Вересень 2026")
    assert september[1:3] == ["120,50", f"7,2{NBSP}м³ за нормою"]
    assert september[-1] == "209,17"


def test_each_month_is_checked_and_may_be_disputed(
    client, resident, water_account, water_tariffs
):
    water_account.charges.filter(period=date(2026, 10, 1)).update(
        charged="150.00", tariff=water_tariffs["water_supply"]
    )
    client.force_login(resident)

    response = client.get(service_url(water_account))

    november, october, _september = (
        cells(row.replace("&nbsp;", NBSP)) for row in table_rows(response.text)
    )
    assert "✓ Відповідає тарифу" in november[0]
    assert "⚠ Відрізняється від перерахунку" in october[0]
    assert "нараховано 150,00 ≠ 5 × 29,052 = 145,26" in october[0]
    october_charge = water_account.charges.get(period=date(2026, 10, 1))
    dispute = reverse(
        "billing:dispute_charge", args=[water_account.dwelling_id, october_charge.pk]
    )
    assert f'href="{dispute}"' in response.text


def test_the_heading_names_the_service_provider_account_and_address(
    client, resident, water_account
):
    client.force_login(resident)

    html = client.get(service_url(water_account)).text

    assert "<h1>Централізоване водопостачання</h1>" in html
    assert "КП «Водоканал»" in html
    assert '<dd class="account-number">100234</dd>' in html
    assert "вул. Соборна, 12, кв. 5" in html
    dwelling_page = reverse("billing:dwelling", args=[water_account.dwelling_id])
    assert f'href="{dwelling_page}"' in html


def test_the_charts_draw_a_bar_per_month_labelled_with_its_amount(
    client, resident, water_account
):
    client.force_login(resident)

    html = client.get(service_url(water_account)).text

    assert html.count('<svg role="img"') == 2
    assert html.index('<svg role="img"') < html.index('<table class="service-months">')
    assert chart_bars(html, "due") == [
        f"до сплати: 209,17{NBSP}грн",
        f"до сплати: 135,26{NBSP}грн",
        f"до сплати: 149,31{NBSP}грн",
    ]
    assert chart_bars(html, "paid") == [
        f"оплачено: 120,50{NBSP}грн",
        f"оплачено: 209,17{NBSP}грн",
        f"оплачено: 100,00{NBSP}грн",
    ]
    assert chart_bars(html, "volume") == [
        f"обсяг: 7,2{NBSP}м³",
        f"обсяг: 5{NBSP}м³",
        f"обсяг: 6{NBSP}м³",
    ]
    assert "Обсяг за місяць, м³" in html


@pytest.mark.parametrize(
    ("code", "unit", "shown"),
    [
        ("central_heating", "gcal", "Гкал"),
        ("building_maintenance", "m2_month", "м²"),
        ("solid_waste_removal", "person_month", "ос."),
    ],
)
def test_each_service_charts_its_volume_in_its_own_unit(
    client, resident, water_account, services, code, unit, shown
):
    make_charge(water_account, services[code], volume="2.000", unit=unit)
    client.force_login(resident)

    html = client.get(service_url(water_account, code)).text

    assert f"Обсяг за місяць, {shown}" in html
    assert chart_bars(html, "volume") == [f"обсяг: 2{NBSP}{shown}"]
    assert f"2&nbsp;{shown}" in html


def test_the_page_holds_the_last_twelve_of_fourteen_months(
    client, resident, water_account, services
):
    # January to November 2025, before the fixture's September to November 2026.
    for month in range(1, 12):
        make_charge(water_account, services["water_supply"], date(2025, month, 1))
    client.force_login(resident)

    response = client.get(service_url(water_account))

    periods = [charge.period for charge in response.context["charges"]]
    assert len(periods) == 12
    assert periods[0] == date(2026, 11, 1) and periods[-1] == date(2025, 3, 1)
    assert len(table_rows(response.text)) == 12
    assert len(chart_bars(response.text, "paid")) == 12


def test_opening_the_page_is_logged_for_the_owners(client, resident, water_account):
    client.force_login(resident)

    client.get(service_url(water_account))

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.dwelling, entry.what) == (
        resident,
        water_account.dwelling,
        AccessKind.PAGE,
    )


def test_anonymous_visitors_are_sent_to_log_in(client, water_account):
    response = client.get(service_url(water_account))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_another_resident_finds_nothing(client, neighbour, water_account):
    client.force_login(neighbour)

    assert client.get(service_url(water_account)).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("level", [AccessLevel.VIEW, AccessLevel.VIEW_AND_PAY])
def test_a_delegate_sees_the_service(client, resident, neighbour, water_account, level):
    DwellingAccess.objects.create(
        dwelling=water_account.dwelling,
        user=neighbour,
        level=level,
        granted_by=resident,
    )
    client.force_login(neighbour)

    response = client.get(service_url(water_account))

    assert response.status_code == 200
    assert "Доступ вам надав власник" in response.text


def test_an_account_of_another_dwelling_is_not_found_under_this_one(
    client, resident, water_account, neighbours_dwelling
):
    neighbours_account = neighbours_dwelling.accounts.get()
    client.force_login(resident)

    url = service_url(neighbours_account, dwelling=water_account.dwelling)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("code", ["gas_supply", "sewerage"])
def test_a_service_unknown_or_never_billed_on_the_account_is_not_found(
    client, resident, water_account, code
):
    client.force_login(resident)

    assert client.get(service_url(water_account, code)).status_code == 404


def test_the_page_only_answers_reading_requests(client, resident, water_account):
    client.force_login(resident)

    response = client.post(service_url(water_account))

    assert response.status_code == 405


def test_the_dwelling_page_links_each_service_and_shows_its_opening_balance(
    client, resident, billed_dwelling
):
    account = billed_dwelling.accounts.get()
    client.force_login(resident)

    html = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk])).text

    table = html[html.index('<table class="charges">') :]
    table = table[: table.index("</table>")]
    assert f'href="{service_url(account)}">Централізоване водопостачання</a>' in table
    assert f'href="{service_url(account, "sewerage")}"' in table
    header = cells(table[: table.index("</thead>")])
    assert header.index("Сальдо на початок") < header.index("Тариф, грн")
    total = cells(table[table.index("<tfoot>") :])
    assert total[:2] == ["Разом", "200,00"]
