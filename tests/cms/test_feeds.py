"""The news as RSS, Atom and iCalendar: well-formed, only what anyone may
read, each kind on its own, times in UTC as calendars expect."""

from datetime import datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from cms.news.models import NewsKind, NewsPage

ATOM = "{http://www.w3.org/2005/Atom}"
KYIV = ZoneInfo("Europe/Kyiv")


def test_the_rss_feed_lists_published_news_newest_first(client, make_news, news_index):
    make_news("Громадські слухання", days_ago=3)
    make_news("Тариф на воду", summary="29,052 грн/м³ з 1 січня.", days_ago=1)
    draft = NewsPage(title="Чернетка", date=timezone.localdate(), body="<p>—</p>")
    news_index.add_child(instance=draft)
    draft.unpublish()

    response = client.get(reverse("news_rss"))

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Тариф на воду",
        "Громадські слухання",
    ]
    assert items[0].findtext("description") == "29,052 грн/м³ з 1 січня."
    assert items[0].findtext("link").startswith("http://testserver/news/")
    assert items[0].findtext("category") == "Новина"
    assert channel.findtext("title").endswith(": Новини")


def test_a_kind_has_a_feed_of_its_own_and_an_unknown_kind_none(client, make_news):
    make_news("Громадські слухання", kind=NewsKind.NEWS)
    make_news("Відключення води", kind=NewsKind.OUTAGE, starts_at=timezone.now())

    atom = client.get(reverse("news_kind_atom", args=["outage"]))
    unknown = client.get("/feeds/kind/weather.rss")

    feed = ElementTree.fromstring(atom.content)
    assert feed.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "Відключення води"
    ]
    assert unknown.status_code == 404


def test_the_outage_calendar_is_valid_icalendar_in_utc(client, make_news):
    start = datetime(2026, 12, 8, 9, 0, tzinfo=KYIV)
    make_news(
        "Відключення води на Соборній, Полтавській; заміна засувок",
        kind=NewsKind.OUTAGE,
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        location="вул. Соборна, 1–15",
        days_ago=0,
    )
    make_news("Концерт", kind=NewsKind.EVENT, starts_at=start)

    response = client.get(reverse("news_calendar", args=["outages"]))
    text = response.content.decode()

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "DTSTART:20261208T070000Z" in unfolded
    assert "DTEND:20261208T150000Z" in unfolded
    assert (
        "SUMMARY:Відключення води на Соборній\\, Полтавській\\; заміна засувок"
        in unfolded
    )
    assert "LOCATION:вул. Соборна\\, 1–15" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1


def test_an_unknown_calendar_is_not_found(client, db):
    assert client.get("/calendar/weather.ics").status_code == 404


def test_every_page_points_feed_readers_to_the_news(client, news_index):
    page = client.get(news_index.url).text

    assert (
        f'type="application/rss+xml" title="Новини (RSS)" href="{reverse("news_rss")}"'
        in page
    )
