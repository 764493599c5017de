"""What news a resident is told of: the kinds they chose, only what
concerns their dwellings or the whole city, by e-mail or only in the
cabinet; each item once, whoever else tells them."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from cms.news.models import NewsIndexPage, NewsKind, NewsPage, OutageAddress
from plugins.billing.models import Dwelling, PersonalAccount
from plugins.notifications.models import Notice, Subscription
from tests.cms.conftest import add_child, home_page  # noqa: F401

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 8, 9, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@pytest.fixture
def news_index(home_page):  # noqa: F811
    return add_child(home_page, NewsIndexPage(title="Новини", slug="news"))


@pytest.fixture
def publish(news_index, django_capture_on_commit_callbacks):
    def published(title, kind, provider=None, addresses=()):
        page = NewsPage(
            title=title,
            kind=kind,
            date=START.date(),
            starts_at=START if kind in (NewsKind.OUTAGE, NewsKind.EVENT) else None,
            ends_at=START + timedelta(hours=8) if kind == NewsKind.OUTAGE else None,
            body="<p>—</p>",
            provider=provider,
            affected_addresses=[
                OutageAddress(street=street, houses=houses)
                for street, houses in addresses
            ],
        )
        with django_capture_on_commit_callbacks(execute=True):
            news_index.add_child(instance=page)
            page.save_revision().publish()
        return page

    return published


def at_home(person, street="вул. Соборна", house="3", provider=None):
    dwelling = Dwelling.objects.create(
        street=street, house=house, apartment="1", total_area=Decimal("50.00")
    )
    dwelling.residents.add(person)
    if provider:
        PersonalAccount.objects.create(
            dwelling=dwelling, provider=provider, number="100235"
        )
    return dwelling


def subscribe(person, *kinds, only_mine=True, email=True):
    return Subscription.objects.create(
        user=person, kinds=list(kinds), only_mine=only_mine, email=email
    )


def told(person):
    return list(
        Notice.objects.filter(recipient=person).values_list("subject", flat=True)
    )


def test_by_default_only_outages_at_home_are_told(publish, resident):
    at_home(resident)

    publish("Акція: заміна лічильників", NewsKind.CAMPAIGN)
    publish("Вода на Соборній", NewsKind.OUTAGE, addresses=[("Соборна", "")])

    assert told(resident) == ["Відключення за вашою адресою: Вода на Соборній"]


def test_news_for_the_whole_city_reaches_everyone_subscribed_to_its_kind(
    publish, resident, neighbour
):
    subscribe(resident, NewsKind.CAMPAIGN)

    publish("Акція: заміна лічильників", NewsKind.CAMPAIGN)

    assert told(resident) == ["Кампанія: Акція: заміна лічильників"]
    assert told(neighbour) == []


def test_a_providers_news_reaches_only_its_customers_who_want_only_theirs(
    publish, resident, neighbour, water_provider
):
    at_home(resident, provider=water_provider)
    at_home(neighbour, street="вул. Полтавська")
    subscribe(resident, NewsKind.EVENT)
    subscribe(neighbour, NewsKind.EVENT)

    publish("День відкритих дверей водоканалу", NewsKind.EVENT, water_provider)

    assert told(resident) == ["Подія: День відкритих дверей водоканалу"]
    assert told(neighbour) == []


def test_the_whole_city_subscriber_hears_of_outages_elsewhere_once(publish, resident):
    at_home(resident)
    subscribe(resident, NewsKind.OUTAGE, only_mine=False)

    publish("Вода на Полтавській", NewsKind.OUTAGE, addresses=[("Полтавська", "")])
    publish("Вода на Соборній", NewsKind.OUTAGE, addresses=[("Соборна", "")])

    subjects = told(resident)
    # Told of its own street by either way, but once.
    assert len(subjects) == 2
    assert any(s.endswith(": Вода на Полтавській") for s in subjects)
    assert any(s.endswith(": Вода на Соборній") for s in subjects)


def test_with_e_mail_off_the_notice_stays_in_the_cabinet_only(publish, resident):
    at_home(resident)
    subscribe(resident, NewsKind.OUTAGE, email=False)

    publish("Вода на Соборній", NewsKind.OUTAGE, addresses=[("Соборна", "")])

    assert len(told(resident)) == 1
    assert mail.outbox == []


def test_a_resident_chooses_on_their_own_page(client, resident):
    client.force_login(resident)
    address = reverse("notifications:subscription")

    page = client.get(address).text
    saved = client.post(address, {"kinds": ["outage", "tariff_change"], "email": "on"})

    assert 'value="tariff_change"' in page and "Зміна тарифу" in page
    assert saved.status_code == 302
    chosen = Subscription.objects.get(user=resident)
    assert chosen.kinds == ["outage", "tariff_change"]
    assert (chosen.only_mine, chosen.email) == (False, True)


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, db):
    answer = client.get(reverse("notifications:subscription"))

    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def test_an_unknown_kind_is_refused_and_nothing_is_saved(client, resident):
    client.force_login(resident)

    answer = client.post(reverse("notifications:subscription"), {"kinds": ["weather"]})

    assert answer.status_code == 200
    assert "weather" in answer.text
    assert not Subscription.objects.filter(user=resident).exists()
