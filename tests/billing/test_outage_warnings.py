"""An outage published for some houses of a street tells the residents
linked to a dwelling there, in the cabinet and by e-mail, once; nobody on
another street or house hears of it."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cms.news.addresses import reaches, street_name, validate_houses
from cms.news.models import NewsIndexPage, NewsKind, NewsPage, OutageAddress
from plugins.billing.models import Dwelling
from plugins.notifications.models import Notice
from tests.cms.conftest import add_child, home_page  # noqa: F401

KYIV = ZoneInfo("Europe/Kyiv")
START = datetime(2026, 12, 8, 9, 0, tzinfo=KYIV)


@pytest.fixture
def news_index(home_page):  # noqa: F811
    return add_child(home_page, NewsIndexPage(title="Новини", slug="news"))


def lives_at(person, street, house):
    dwelling = Dwelling.objects.create(
        street=street, house=house, apartment="1", total_area=Decimal("50.00")
    )
    dwelling.residents.add(person)
    return dwelling


def publish_outage(news_index, *addresses, capture):
    page = NewsPage(
        title="Планове відключення води на Соборній",
        kind=NewsKind.OUTAGE,
        date=START.date(),
        starts_at=START,
        ends_at=START + timedelta(hours=8),
        location="вул. Соборна, 1–15",
        body="<p>Заміна засувок.</p>",
        affected_addresses=[
            OutageAddress(street=street, houses=houses) for street, houses in addresses
        ],
    )
    with capture(execute=True):
        news_index.add_child(instance=page)
        page.save_revision().publish()
    return page


def test_a_resident_in_range_is_told_and_one_outside_is_not(
    news_index,
    resident,
    neighbour,
    django_capture_on_commit_callbacks,
):
    lives_at(resident, "вул. Соборна", "12а")
    lives_at(neighbour, "вул. Соборна", "40")

    publish_outage(
        news_index, ("Соборна", "1–15, 17"), capture=django_capture_on_commit_callbacks
    )

    (notice,) = Notice.objects.all()
    assert notice.recipient == resident
    assert notice.subject == (
        "Відключення за вашою адресою: Планове відключення води на Соборній"
    )
    assert "З 08.12.2026 09:00 до 08.12.2026 17:00." in notice.body
    assert [message.to for message in mail.outbox] == [["olena@example.org"]]


def test_another_street_hears_nothing(
    news_index,
    resident,
    django_capture_on_commit_callbacks,
):
    lives_at(resident, "вул. Полтавська", "5")

    publish_outage(
        news_index, ("вул. Соборна", ""), capture=django_capture_on_commit_callbacks
    )

    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_publishing_again_tells_nobody_twice(
    news_index,
    resident,
    django_capture_on_commit_callbacks,
):
    lives_at(resident, "вул. Соборна", "3")
    page = publish_outage(
        news_index, ("вул. Соборна", ""), capture=django_capture_on_commit_callbacks
    )

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert Notice.objects.count() == 1
    assert len(mail.outbox) == 1


def test_streets_are_compared_by_name_not_by_how_they_are_written():
    assert street_name("вул. Соборна") == street_name("Соборна вулиця") == "соборна"
    assert reaches("просп. Героїв", "10-20", "проспект Героїв", "15/2")
    assert not reaches("вул. Соборна", "1–15", "вул. Соборна", "16")
    assert not reaches("вул. Соборна", "1–15", "вул. Соборна", "б/н")


@pytest.mark.parametrize("houses", ["1–15, 17а", "15-1", "перший"])
def test_houses_that_are_not_numbers_or_ranges_are_refused_by_name(houses):
    with pytest.raises(ValidationError) as refused:
        validate_houses(houses)

    assert "«" in str(refused.value) and "1–15" in str(refused.value)
