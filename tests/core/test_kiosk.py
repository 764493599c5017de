"""The kiosk's host: its pages carry the «Finish» button and the idle
timings, a session there lasts the idle time whatever the visitor chose,
and finishing it leaves nothing behind. Other sites are untouched."""

import pytest
from django.urls import reverse

from tests.cms.conftest import home_page  # noqa: F401
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk_site(home_page, settings):  # noqa: F811
    settings.KIOSK_HOSTS = ["testserver"]
    return home_page


@pytest.fixture
def visitor(db):
    return make_user("Олена", "olena@example.org")


def test_a_kiosk_page_carries_the_finish_button_and_the_idle_time(client, kiosk_site):
    page = client.get("/").text

    assert 'id="kiosk-finish"' in page
    assert 'data-idle="120"' in page and 'data-warning="20"' in page
    assert "kiosk/kiosk.js" in page


def test_another_host_shows_no_kiosk(client, home_page, settings):  # noqa: F811
    settings.KIOSK_HOSTS = ["kiosk.example"]

    assert "kiosk-finish" not in client.get("/").text


def test_a_kiosk_session_lasts_the_idle_time(client, kiosk_site, visitor):
    client.force_login(visitor)

    client.get("/")

    assert client.session.get_expiry_age() == 120


def test_finishing_signs_out_and_forgets_the_session(client, kiosk_site, visitor):
    client.force_login(visitor)
    client.session["basket"] = "something of the last visitor"

    finished = client.post(reverse("kiosk_finish"))

    assert finished.status_code == 302 and finished["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("kiosk_finish")).status_code == 405
