"""Public pages are served to anonymous visitors from the cache, and only to
them: signed-in users, other languages, the kiosk's host, restricted pages and
unbounded query strings get a page rendered for them."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from cms.pagecache.middleware import is_public_response
from cms.pagecache.tags import model_tag
from tests.cms.conftest import is_hit
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(home_page, news_index, tariff_page, directory_page, payment_page):
    return [home_page, news_index, tariff_page, directory_page, payment_page]


@pytest.fixture
def resident(db):
    return make_user("Олена", "olena@example.org")


def test_second_anonymous_request_runs_no_query_and_gives_the_same_page(
    client, page_cache, site_pages, make_news, django_assert_num_queries
):
    news = make_news("Графік вивезення сміття")

    for url in [*(page.url for page in site_pages), news.url]:
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)

        assert first.status_code == second.status_code == 200
        assert not is_hit(first) and is_hit(second), url
        assert second.content == first.content


def test_a_cached_page_carries_nothing_of_its_visitor(client, page_cache, home_page):
    client.get("/")

    cached = client.get("/")

    assert is_hit(cached)
    assert "csrfmiddlewaretoken" not in cached.text
    assert not cached.cookies
    assert 'href="/en/" hreflang="en"' in cached.text


def test_signed_in_user_neither_gets_nor_fills_the_cache(
    client, page_cache, home_page, resident
):
    client.get("/")
    client.get("/")
    client.force_login(resident)

    signed_in = [client.get("/"), client.get("/")]
    client.logout()
    client.cookies.clear()
    after = client.get("/")

    assert not any(is_hit(response) for response in signed_in)
    assert all("Log out" in r.text or "Вийти" in r.text for r in signed_in)
    assert is_hit(after) and "Вийти" not in after.text


def test_page_rendered_for_a_signed_in_user_is_not_kept(
    client, page_cache, home_page, resident
):
    client.force_login(resident)
    client.get("/")
    client.logout()
    client.cookies.clear()

    assert not is_hit(client.get("/"))


def test_english_and_ukrainian_are_cached_apart(client, page_cache, home_page):
    for url in ["/", "/en/", "/", "/en/"]:
        client.get(url)

    ukrainian, english = client.get("/"), client.get("/en/")

    assert is_hit(ukrainian) and is_hit(english)
    assert '<html lang="uk">' in ukrainian.text
    assert '<html lang="en">' in english.text


def test_the_kiosk_host_is_cached_apart(client, page_cache, home_page, settings):
    settings.ALLOWED_HOSTS = ["testserver", "kiosk.example"]
    settings.KIOSK_HOSTS = ["kiosk.example"]
    for _ in range(2):
        client.get("/")
        client.get("/", HTTP_HOST="kiosk.example")

    portal = client.get("/")
    kiosk = client.get("/", HTTP_HOST="kiosk.example")

    assert is_hit(portal) and is_hit(kiosk)
    assert "kiosk-finish" not in portal.text
    assert 'id="kiosk-finish"' in kiosk.text and "csrfmiddlewaretoken" not in kiosk.text


def test_a_visitor_with_a_message_waiting_gets_a_rendered_page(
    client, page_cache, home_page
):
    client.get("/")
    client.cookies["messages"] = "anything"

    assert not is_hit(client.get("/"))


@pytest.mark.parametrize("restriction_type", ["password", "login"])
def test_restricted_pages_are_never_cached(
    client, page_cache, content_page, restriction_type
):
    PageViewRestriction.objects.create(
        page=content_page, restriction_type=restriction_type, password="secret"
    )

    responses = [client.get(content_page.url) for _ in range(3)]

    assert not any(is_hit(response) for response in responses)
    assert "Портал міста" not in responses[-1].text


def test_news_list_is_cached_per_kind_and_page(
    client, page_cache, news_index, make_news
):
    for number in range(news_index.page_size + 1):
        make_news(f"Новина {number}")
    for _ in range(2):
        client.get(f"{news_index.url}?kind=outage")
        client.get(f"{news_index.url}?kind=news&page=2")

    assert is_hit(client.get(f"{news_index.url}?kind=outage"))
    assert is_hit(client.get(f"{news_index.url}?kind=news&page=2"))


def test_a_news_list_page_past_the_end_is_not_kept(client, page_cache, news_index):
    client.get(f"{news_index.url}?page=2")

    assert not is_hit(client.get(f"{news_index.url}?page=2"))


@pytest.mark.parametrize(
    "query",
    ["utm_source=mail", "kind=unknown", "page=1&kind=news", "kind=news&kind=event"],
)
def test_unbounded_or_unordered_queries_are_not_cached(
    client, page_cache, news_index, query
):
    client.get(f"{news_index.url}?{query}")

    assert not is_hit(client.get(f"{news_index.url}?{query}"))


def test_a_response_setting_a_cookie_or_private_is_not_public(rf: RequestFactory):
    request = rf.get("/")
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "visitor's")
    private = HttpResponse("page", headers={"Cache-Control": "private"})

    assert is_public_response(request, HttpResponse("page"))
    assert not is_public_response(request, with_cookie)
    assert not is_public_response(request, private)
    assert not is_public_response(request, HttpResponse("gone", status=404))


def test_models_pages_show_are_watched(
    site_pages, content_page, make_news, water_provider
):
    from cms.pagecache.dependencies import shown_models

    pages = [*site_pages, content_page, make_news("Новина", provider=water_provider)]

    declared = {tag for page in pages for tag in page.specific.page_cache_tags()}
    models = {
        ":".join(tag.split(":")[:2]) for tag in declared if tag.startswith("model:")
    }

    assert models and models <= {model_tag(model) for model in shown_models()}


def test_a_page_republished_since_it_was_routed_is_not_kept(rf, page_cache, make_news):
    from cms.pagecache.wagtail_hooks import note_page_for_the_cache

    routed = make_news("Стара назва")
    request = rf.get(routed.url)
    request.page_cache_key = "key"
    fresh = type(routed).objects.get(pk=routed.pk)
    fresh.title = "Нова назва"
    fresh.save_revision().publish()

    note_page_for_the_cache(routed, request, [], {})

    assert not hasattr(request, "page_cache_rendering")
