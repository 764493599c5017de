"""The kiosk in the administrative services centre: its own look, a
«Finish» button, no autofill, and a session that ends by itself after the
idle time, with a countdown first (shortened here to seconds)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_resident_journey import (  # noqa: F401
    PASSWORD,
    make_resident,
    site_tree,
)

pytestmark = pytest.mark.usefixtures("site_tree")


@pytest.fixture
def kiosk(site_tree, settings, live_server):  # noqa: F811
    settings.KIOSK_HOSTS = [live_server.url.removeprefix("http://").split(":")[0]]
    settings.KIOSK_IDLE_SECONDS = 4
    settings.KIOSK_WARNING_SECONDS = 2


def test_an_idle_kiosk_warns_then_signs_the_visitor_out(
    page, live_server, kiosk, django_user_model
):
    make_resident(django_user_model, "olena")
    page.goto(f"{live_server.url}/accounts/login/")

    expect(page.locator("input[name=password]")).to_have_attribute(
        "autocomplete", "new-password"
    )
    expect(page.locator("input[name=remember]")).to_be_hidden()
    page.fill("input[name=login]", "olena@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    expect(page.locator("header")).to_contain_text("Вийти")
    expect(page.get_by_role("button", name="Завершити")).to_be_visible()

    expect(page.locator("#kiosk-warning")).to_be_visible(timeout=6_000)
    expect(page.locator("#kiosk-warning")).to_contain_text("Сеанс завершиться")

    expect(page.locator("header")).to_contain_text("Увійти", timeout=6_000)
    assert page.url.rstrip("/") == live_server.url.rstrip("/")
