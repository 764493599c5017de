"""Every editorial page type renders with the text residents look for."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from html import unescape

import pytest

from cms.directory.models import BankBranch, Provider
from cms.home.models import SiteContacts
from cms.news.models import NewsKind
from cms.tariffs.models import Tariff, TariffCostItem, Unit

pytestmark = pytest.mark.django_db


def test_content_page(client, content_page):
    response = client.get(content_page.url)

    assert response.status_code == 200
    assert "Портал міста" in response.content.decode()


def test_tariff_page_shows_current_history_and_labels(
    client, tariff_page, water_tariffs, water_provider, services
):
    water = water_tariffs["water_supply"]
    TariffCostItem.objects.create(tariff=water, name="Електроенергія", share_percent=31)
    Tariff.objects.create(
        provider=water_provider,
        service=services["water_supply"],
        consumer_group="усі споживачі",
        unit=Unit.CUBIC_METRE,
        price=Decimal("17.256"),
        valid_from=date(2018, 1, 1),
        valid_to=date(2020, 2, 3),
    )
    Tariff.objects.create(
        provider=water_provider,
        service=services["water_supply"],
        consumer_group="усі споживачі",
        unit=Unit.CUBIC_METRE,
        price=Decimal("41.50"),
        status=Tariff.Status.PROPOSED,
    )

    response = client.get(tariff_page.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "29,052\u00a0грн/м³" in html
    assert "Електроенергія" in html
    assert "17,256" in html, "the expired tariff stays in the history"
    assert "втратив чинність" in html
    assert "41,50" in html
    assert "запропонований, не затверджений" in html
    assert "example-badge" not in html


LONG_DECISION = (
    "Постанова НКРЕКП № 1343 від 02.11.2017 (зміни до постанови № 1141 від "
    "16.06.2016); опублікована в газеті «Урядовий кур'єр» № 238 від 16.12.2017; "
    "за джерелом застосовується з 18.12.2017."
)


def test_tariff_history_puts_a_long_decision_under_its_row(
    client, tariff_page, water_tariffs
):
    Tariff.objects.filter(pk=water_tariffs["water_supply"].pk).update(
        decision=LONG_DECISION, source_url="https://example.org/decision"
    )

    html = client.get(tariff_page.url).content.decode()

    assert html.count("Історія тарифів") == 1, "one heading, no second caption"
    assert '<th scope="col">Рішення</th>' not in html, "no decision column"
    assert '<tr class="decision-row' in html
    assert '<details class="decision-more">' in html
    assert "більше" in html
    assert LONG_DECISION in unescape(html), "the whole decision stays in the page"
    assert 'href="https://example.org/decision"' in html


def test_tariff_history_shows_a_short_decision_whole(
    client, tariff_page, water_tariffs
):
    Tariff.objects.filter(pk=water_tariffs["sewerage"].pk).update(
        decision="Постанова НКРЕКП."
    )

    html = client.get(tariff_page.url).content.decode()

    assert "Постанова НКРЕКП." in html
    assert "decision-more" not in html


def test_tariff_page_marks_examples(client, tariff_page, water_tariffs):
    Tariff.objects.filter(pk=water_tariffs["sewerage"].pk).update(is_example=True)

    html = client.get(tariff_page.url).content.decode()

    assert 'class="example-badge"' in html
    assert "ілюстративні й не є офіційними" in html


def test_tariff_page_limited_to_chosen_services(
    client, tariff_page, water_tariffs, services
):
    tariff_page.services.set([services["sewerage"]])
    tariff_page.save_revision().publish()

    html = client.get(tariff_page.url).content.decode()

    assert "11,40" in html
    assert "29,052" not in html


def test_directory_lists_retail_and_reference_providers(
    client, directory_page, water_provider
):
    Provider.objects.create(
        code="UPSTREAM",
        name="Регіональний водогін",
        short_name="Водогін",
        is_retail=False,
    )
    Provider.objects.create(
        code="HEAT",
        name="Теплопостачальне підприємство",
        short_name="Тепломережа",
        is_example=True,
        example_note="IBAN, адреса",
    )

    html = client.get(directory_page.url).content.decode()

    assert "КП «Водоканал»" in html
    assert "99990019" in html
    assert "UA213223130000026007233566001" in html
    assert "Централізоване водопостачання" in html
    assert "Постачальники надавачів" in html
    assert "Водогін" in html
    assert 'class="example-badge"' in html
    assert "IBAN, адреса" in html


def test_directory_names_a_provider_once_and_links_its_source(
    client, directory_page, water_provider
):
    Provider.objects.create(
        code="UZHKH",
        name="КП «УЖКХ»",
        short_name="КП «УЖКХ»",
        source_url="https://example.org/registry",
    )

    html = client.get(directory_page.url).content.decode()

    assert html.count("КП «УЖКХ»") == 1, "the full name repeats the short one"
    assert "Комунальне підприємство «Водоканал»" in html, "a longer name is shown"
    assert '<a href="https://example.org/registry" rel="noopener">Джерело</a>' in html


def test_payment_page_lists_branches_and_requisites(
    client, payment_page, water_provider
):
    BankBranch.objects.create(
        bank="Ощадбанк", address="вул. Центральна, 1", commission_note="1 %"
    )
    BankBranch.objects.create(
        bank="Приклад-банк", address="пр. Миру, 5", is_example=True
    )
    BankBranch.objects.create(
        bank="Закритий банк", address="вул. Тиха, 2", takes_utility_payments=False
    )

    html = client.get(payment_page.url).content.decode()

    assert "Оплата без комісії" in html
    assert "Ощадбанк" in html
    assert 'class="example-badge"' in html
    assert "Закритий банк" not in html
    assert "UA213223130000026007233566001" in html
    assert "Перейти до кабінету" in html, "billing is enabled in the test settings"
    assert "Банк або пошта" in html
    assert '<th scope="col">Телефон</th>' not in html, "no branch has a phone"


def test_payment_page_shows_phones_and_says_how_to_pay(client, payment_page):
    BankBranch.objects.create(
        bank="АТ «Укрпошта»",
        name="Поштове відділення №5",
        address="вул. Вокзальна, 6",
        phone="(05632) 0-10-05",
    )

    html = client.get(payment_page.url).content.decode()

    assert '<th scope="col">Телефон</th>' in html
    assert "(05632) 0-10-05" in html
    assert "Поштове відділення №5" in html
    assert "прізвище та ім'я платника, адресу, номер особового рахунку" in html
    assert "оплатіть" not in html.lower(), "the cabinet takes no payments yet"


def test_news_page_shows_outage_times_in_kyiv(client, make_news, water_provider):
    starts = datetime(2030, 3, 5, 6, 0, tzinfo=UTC)
    page = make_news(
        "Відключення води",
        kind=NewsKind.OUTAGE,
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        location="вул. Шевченка, 1–20",
        provider=water_provider,
    )

    html = client.get(page.url).content.decode()

    assert "Відключення" in html
    assert "08:00" in html and "16:00" in html, "06:00 UTC is 08:00 in Kyiv in March"
    assert "вул. Шевченка, 1–20" in html
    assert "КП «Водоканал»" in html


def test_footer_shows_site_contacts(client, home_page):
    site = home_page.get_site()
    SiteContacts.objects.create(site=site, phone="0 800 000 000", email="a@example.org")

    html = client.get("/").content.decode()

    assert "0 800 000 000" in html
    assert "mailto:a@example.org" in html


def test_missing_page_uses_the_theme(client, home_page):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()


def test_sign_in_page_wears_the_theme(client, home_page):
    response = client.get("/en/accounts/login/")
    html = response.content.decode()

    assert response.status_code == 200
    assert 'class="skip-link"' in html
    assert 'class="account-page"' in html
