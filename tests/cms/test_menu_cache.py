"""The main menu is kept in the cache for every page, signed-in ones too, and
an editor's change to it shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.home.models import ContentPage
from tests.cms.conftest import add_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, django_user_model, page_cache, home_page, tariff_page):
    """A resident's client (never served the anonymous page cache), with the
    menu read once."""
    client.force_login(
        django_user_model.objects.create_user(username="olena", email="o@example.org")
    )
    client.get(tariff_page.url)
    return client


def menu_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [query["sql"] for query in queries if "wagtailcore_page" in query["sql"]]


def test_a_signed_in_page_takes_the_menu_from_the_cache(
    signed_in, tariff_page, settings
):
    kept = menu_queries(signed_in, tariff_page.url)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0

    read = menu_queries(signed_in, tariff_page.url)

    assert len(kept) < len(read)


def test_a_page_published_to_the_menu_shows_on_the_next_request(
    signed_in, home_page, tariff_page, django_capture_on_commit_callbacks
):
    assert 'href="/contacts/"' not in signed_in.get(tariff_page.url).text

    with django_capture_on_commit_callbacks(execute=True):
        add_child(
            home_page,
            ContentPage(
                title="Контакти", slug="contacts", body="<p>.</p>", show_in_menus=True
            ),
        )

    assert 'href="/contacts/"' in signed_in.get(tariff_page.url).text


def test_a_page_withdrawn_leaves_the_menu_on_the_next_request(
    directory_page, signed_in, tariff_page, django_capture_on_commit_callbacks
):
    signed_in.get(tariff_page.url)
    assert 'href="/providers/"' in signed_in.get(tariff_page.url).text

    with django_capture_on_commit_callbacks(execute=True):
        directory_page.unpublish()

    assert 'href="/providers/"' not in signed_in.get(tariff_page.url).text
