"""Ukrainian is served at the root, English under /en/, and the switcher moves
between them."""

import pytest

pytestmark = pytest.mark.django_db


def test_root_is_ukrainian(client, home_page):
    html = client.get("/").content.decode()

    assert '<html lang="uk">' in html


def test_en_prefix_serves_english_ui(client, home_page, tariff_page):
    response = client.get("/en/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert 'href="/en/tariffs/"' in html, "links stay in the chosen language"


def test_switcher_sends_to_the_english_page(client, tariff_page):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tariffs/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/tariffs/"


def test_switcher_sends_back_to_ukrainian(client, tariff_page):
    response = client.post("/i18n/setlang/", {"language": "uk", "next": "/tariffs/"})

    assert response["Location"] == "/tariffs/"


def test_switcher_links_to_the_same_page_in_the_other_language(client, tariff_page):
    english = client.get("/en/tariffs/?x=1").content.decode()
    ukrainian = client.get("/tariffs/?x=1").content.decode()

    assert 'href="/tariffs/?x=1" hreflang="uk"' in english
    assert 'href="/en/tariffs/?x=1" hreflang="en"' in ukrainian
