"""Publishing makes stale exactly the cached pages whose content it changes;
a saved draft changes none, and a page taken down is gone at once."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from cms.home.models import SiteContacts
from tests.cms.conftest import is_hit

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(make_news, water_provider):
    return make_news("Ремонт водогону", provider=water_provider)


@pytest.fixture
def cached(client, page_cache, home_page, news_index, tariff_page, directory_page):
    """Fill the cache with ``pages``; ``cached.hits()`` tells which are still there."""

    class Cached:
        def fill(self, *pages):
            self.pages = pages
            for page in pages:
                client.get(page.url)
            assert all(is_hit(client.get(page.url)) for page in pages)

        def hits(self):
            return {page.url for page in self.pages if is_hit(client.get(page.url))}

    return Cached()


def test_publishing_news_makes_stale_it_the_index_and_home_only(
    client,
    cached,
    news,
    home_page,
    news_index,
    tariff_page,
    directory_page,
    django_capture_on_commit_callbacks,
):
    cached.fill(news, news_index, home_page, tariff_page, directory_page)

    news.title = "Ремонт водогону завершено"
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()

    assert cached.hits() == {tariff_page.url, directory_page.url}
    for page in [news, news_index, home_page]:
        assert "Ремонт водогону завершено" in client.get(page.url).text


def test_a_new_news_item_appears_on_the_index_and_home(
    client,
    cached,
    news,
    home_page,
    news_index,
    make_news,
    django_capture_on_commit_callbacks,
):
    cached.fill(news, news_index, home_page)

    with django_capture_on_commit_callbacks(execute=True):
        make_news("Нова новина")

    assert cached.hits() == {news.url}
    assert "Нова новина" in client.get(home_page.url).text


def test_saving_a_draft_makes_nothing_stale(
    client, cached, news, home_page, news_index, django_capture_on_commit_callbacks
):
    cached.fill(news, news_index, home_page)

    news.title = "Чернетка"
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision()

    assert cached.hits() == {news.url, news_index.url, home_page.url}
    assert "Чернетка" not in client.get(news.url).text


def test_an_unpublished_page_is_gone_at_once(
    client, cached, news, home_page, news_index, django_capture_on_commit_callbacks
):
    cached.fill(news, news_index, home_page)

    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()

    assert client.get(news.url).status_code == 404
    assert "Ремонт водогону" not in client.get(news_index.url).text
    assert "Ремонт водогону" not in client.get(home_page.url).text


def test_a_deleted_page_is_gone_at_once(
    client, cached, news, news_index, django_capture_on_commit_callbacks
):
    cached.fill(news, news_index)
    url = news.url

    with django_capture_on_commit_callbacks(execute=True):
        news.delete()

    assert client.get(url).status_code == 404
    assert "Ремонт водогону" not in client.get(news_index.url).text


def test_a_new_slug_leaves_the_old_address_uncached(
    client, cached, news, home_page, django_capture_on_commit_callbacks
):
    cached.fill(news, home_page)
    old_url = news.url

    news.slug = "vodogin"
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()

    # Wagtail's redirects send the old address on; it is never served cached.
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == "/news/vodogin/"
    assert "/news/vodogin/" in client.get(home_page.url).text


def test_moving_a_page_to_the_top_makes_both_places_and_the_menu_stale(
    client,
    cached,
    home_page,
    tariff_page,
    news_index,
    django_capture_on_commit_callbacks,
):
    from cms.tariffs.models import TariffPolicyPage
    from tests.cms.conftest import add_child

    water = add_child(
        tariff_page,
        TariffPolicyPage(title="Вода", slug="water", show_in_menus=True),
    )
    cached.fill(water, tariff_page, news_index)
    old_url = water.url

    with django_capture_on_commit_callbacks(execute=True):
        water.move(home_page, pos="last-child")

    assert cached.hits() == set()
    assert client.get(old_url).status_code != 200
    assert 'href="/water/"' in client.get(news_index.url).text


def test_changing_a_provider_makes_stale_the_pages_showing_it(
    client,
    cached,
    news,
    water_provider,
    home_page,
    news_index,
    tariff_page,
    directory_page,
    django_capture_on_commit_callbacks,
):
    cached.fill(news, home_page, news_index, tariff_page, directory_page)

    water_provider.short_name = "КП «Павлоградводоканал»"
    with django_capture_on_commit_callbacks(execute=True):
        water_provider.save()

    # The tariffs name providers too; the home page and the news list do not.
    assert cached.hits() == {home_page.url, news_index.url}
    assert "Павлоградводоканал" in client.get(directory_page.url).text
    assert "Павлоградводоканал" in client.get(news.url).text


def test_changing_another_provider_leaves_a_news_item_cached(
    client, cached, news, services, django_capture_on_commit_callbacks
):
    from cms.directory.models import Provider

    cached.fill(news)

    with django_capture_on_commit_callbacks(execute=True):
        Provider.objects.create(code="TEPLO", name="Тепло", short_name="Тепло")

    assert cached.hits() == {news.url}


def test_restricting_a_page_takes_it_out_of_the_cache(
    client, cached, content_page, django_capture_on_commit_callbacks
):
    cached.fill(content_page)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=content_page, restriction_type="password", password="secret"
        )

    assert "Портал міста" not in client.get(content_page.url).text


def test_site_contacts_make_every_page_stale(
    client, cached, home_page, tariff_page, django_capture_on_commit_callbacks
):
    cached.fill(home_page, tariff_page)
    contacts = SiteContacts.for_site(home_page.get_site())

    contacts.phone = "0563 00 00 00"
    with django_capture_on_commit_callbacks(execute=True):
        contacts.save()

    assert cached.hits() == set()
    assert "0563 00 00 00" in client.get(tariff_page.url).text


def test_a_new_top_level_page_reaches_every_menu(
    client,
    cached,
    home_page,
    tariff_page,
    news_index,
    django_capture_on_commit_callbacks,
):
    from cms.home.models import ContentPage
    from tests.cms.conftest import add_child

    cached.fill(tariff_page, news_index)

    with django_capture_on_commit_callbacks(execute=True):
        add_child(
            home_page,
            ContentPage(
                title="Контакти", slug="contacts", body="<p>.</p>", show_in_menus=True
            ),
        )

    assert cached.hits() == set()
    assert 'href="/contacts/"' in client.get(tariff_page.url).text


def test_the_clear_command_empties_the_cache(cached, home_page, tariff_page):
    cached.fill(home_page, tariff_page)

    call_command("clear_page_cache")

    assert cached.hits() == set()


def test_home_turns_stale_when_a_listed_event_starts(client, home_page, make_news):
    from datetime import timedelta

    from django.utils import timezone

    from cms.news.models import NewsKind

    starts = timezone.now() + timedelta(minutes=30)
    make_news("Толока", kind=NewsKind.EVENT, starts_at=starts)
    make_news("Минуле", kind=NewsKind.OUTAGE, starts_at=starts - timedelta(days=1))

    context = client.get("/").context

    assert home_page.page_cache_expires(context) == starts


def test_tariffs_turn_stale_at_midnight_in_kyiv(tariff_page):
    from datetime import date

    midnight = tariff_page.page_cache_expires({"today": date(2026, 3, 28)})

    assert midnight.isoformat() == "2026-03-29T00:00:00+02:00"
