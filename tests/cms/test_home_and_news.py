"""The home page's blocks and the news list with its filter and pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from cms.news.models import NewsKind

pytestmark = pytest.mark.django_db


def test_home_shows_latest_news_upcoming_outage_and_hides_past_one(
    client, home_page, make_news
):
    now = timezone.now()
    for number in range(7):
        make_news(f"Новина {number}", days_ago=number)
    make_news(
        "Планове відключення",
        kind=NewsKind.OUTAGE,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=6),
    )
    make_news(
        "Аварія без терміну", kind=NewsKind.OUTAGE, starts_at=now - timedelta(hours=2)
    )
    make_news(
        "Минуле відключення",
        kind=NewsKind.OUTAGE,
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=2),
    )
    make_news("Толока в парку", kind=NewsKind.EVENT, starts_at=now + timedelta(days=4))
    make_news("Минулий концерт", kind=NewsKind.EVENT, starts_at=now - timedelta(days=4))

    html = client.get("/").content.decode()

    assert "Новина 0" in html and "Новина 4" in html
    assert "Новина 5" not in html, "only the five latest stories"
    assert "Планове відключення" in html
    assert "Аварія без терміну" in html
    assert "Минуле відключення" not in html
    assert "Толока в парку" in html
    assert "Минулий концерт" not in html


def test_home_links_to_key_pages_and_menu(
    client, home_page, news_index, tariff_page, directory_page, payment_page
):
    html = client.get("/").content.decode()

    assert 'href="/tariffs/"' in html
    assert 'href="/pay/"' in html
    assert 'href="/providers/"' in html
    assert 'href="/cabinet/"' in html
    assert 'aria-label="Головне меню"' in html
    # The payment page is not marked for menus, so it shows once: as a shortcut.
    assert html.count('href="/pay/"') == 1


def test_home_quick_links_promise_only_what_the_cabinet_does(
    client, home_page, payment_page
):
    html = client.get("/").content.decode()

    assert "Нарахування, оплати, рахунки" in html
    assert "показники" not in html, "the cabinet has no meter-reading form yet"
    assert "онлайн" not in html, "nor online payment"


def test_home_tab_shows_the_site_name_alone(client, home_page):
    Site.objects.update(site_name="Місто — комунальний портал")

    html = client.get("/").content.decode()

    assert "<title>Місто — комунальний портал</title>" in html


def test_section_tab_shows_page_and_site_name(client, news_index):
    Site.objects.update(site_name="Місто")

    html = client.get(news_index.url).content.decode()

    assert "<title>Новини — Місто</title>" in html


def test_news_index_filters_by_kind(client, news_index, make_news):
    make_news("Звичайна новина")
    make_news("Нове значення тарифу", kind=NewsKind.TARIFF_CHANGE)

    html = client.get(news_index.url, {"kind": "tariff_change"}).content.decode()

    assert "Нове значення тарифу" in html
    assert "Звичайна новина" not in html


def test_news_index_unknown_kind_shows_everything(client, news_index, make_news):
    make_news("Звичайна новина")

    response = client.get(news_index.url, {"kind": "nonsense"})

    assert "Звичайна новина" in response.content.decode()


def test_news_index_paginates_by_ten(client, news_index, make_news):
    for number in range(12):
        make_news(f"Новина №{number:02d}", days_ago=number)

    first = client.get(news_index.url).content.decode()
    second = client.get(news_index.url, {"page": 2}).content.decode()

    assert "Новина №09" in first and "Новина №10" not in first
    assert "Новина №10" in second and "Новина №11" in second
    assert 'rel="next"' in first


def test_news_pages_keep_the_chosen_kind(client, news_index, make_news):
    for number in range(12):
        make_news(f"Тариф №{number:02d}", kind=NewsKind.TARIFF_CHANGE, days_ago=number)
    make_news("Звичайна новина")

    first = client.get(news_index.url, {"kind": "tariff_change"}).content.decode()
    second = client.get(
        news_index.url, {"kind": "tariff_change", "page": 2}
    ).content.decode()

    assert 'href="?kind=tariff_change&amp;page=2"' in first
    assert "Сторінка 1 з 2" in first
    assert 'href="?kind=tariff_change&amp;page=1"' in second
    assert "Звичайна новина" not in second
