"""Searching the portal the way a resident does: titles offered while typing
in the header's box, Enter for the results, a click to the page. The pages
are published as an editor's «Publish» would, so the index follows by
itself; a draft beside them is never found."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.news.models import NewsIndexPage, NewsKind, NewsPage
from tests.e2e.test_resident_journey import site_tree  # noqa: F401

pytestmark = pytest.mark.usefixtures("site_tree")

OUTAGE = "Без гарячої води на вулиці Дніпровській"


@pytest.fixture
def news(site_tree):  # noqa: F811 -- the fixture imported above
    index = site_tree.add_child(
        instance=NewsIndexPage(title="Новини", slug="novyny", show_in_menus=True)
    )
    index.save_revision().publish()
    now = timezone.now()
    outage = index.add_child(
        instance=NewsPage(
            title=OUTAGE,
            kind=NewsKind.OUTAGE,
            date=now.date(),
            starts_at=now + timedelta(days=2),
            body="<p>Ремонт тепломережі: гарячого водопостачання не буде два дні.</p>",
        )
    )
    outage.save_revision().publish()
    draft = index.add_child(
        instance=NewsPage(
            title="Чернетка про гарячу воду",
            kind=NewsKind.NEWS,
            date=now.date(),
            body="<p>Ще не опубліковано.</p>",
            live=False,
        )
    )
    draft.save_revision()
    return outage


def test_a_resident_finds_an_outage_by_other_word_forms(page, live_server, news):
    page.goto(f"{live_server.url}/")

    box = page.locator("#header-search-q")
    box.press_sequentially("гаряча во", delay=50)
    expect(page.locator("#header-search-suggestions option").first).to_have_attribute(
        "value", OUTAGE
    )
    box.fill("гаряча вода")
    box.press("Enter")

    first = page.locator(".search-result").first
    expect(first).to_contain_text("Відключення")
    expect(first.locator("h2 a")).to_have_text(OUTAGE)
    expect(first.locator("mark").first).to_have_text("гарячого")
    expect(page.locator(".search-results")).not_to_contain_text("Чернетка")

    first.locator("h2 a").click()
    expect(page.locator("h1")).to_have_text(OUTAGE)
