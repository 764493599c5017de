"""Every kind of public page and the cabinet, checked by axe-core in the same
headless Chromium: no serious or critical violation of WCAG rules."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Site

from cms.directory.models import BankBranch, PaymentPage, ProviderDirectoryPage
from cms.home.models import ContentPage, SiteContacts
from cms.news.models import NewsIndexPage, NewsKind, NewsPage
from plugins.forum import services
from tests.e2e.test_resident_journey import (  # noqa: F401
    PASSWORD,
    resident_with_bill,
    site_tree,
)

pytestmark = pytest.mark.usefixtures("site_tree")

#: What a visitor cannot get around; minor and moderate findings are listed
#: by axe-core too, but do not fail the check.
BLOCKING = {"serious", "critical"}


def published(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def city(site_tree, water_provider):  # noqa: F811
    news = published(site_tree, NewsIndexPage(title="Новини", slug="novyny"))
    now = timezone.now()
    published(
        news,
        NewsPage(
            title="Відключення води на Соборній",
            slug="vidkliuchennia",
            kind=NewsKind.OUTAGE,
            date=now.date(),
            starts_at=now + timedelta(days=1),
            location="вул. Соборна, 1–15",
            body="<p>Заміна засувок.</p>",
        ),
    )
    published(
        site_tree, ProviderDirectoryPage(title="Надавачі послуг", slug="nadavachi")
    )
    published(
        site_tree,
        PaymentPage(title="Де і як сплатити", slug="splatyty", body="<p>У банку.</p>"),
    )
    published(
        site_tree, ContentPage(title="Про портал", slug="pro", body="<p>Портал.</p>")
    )
    BankBranch.objects.create(
        bank="АТ «Ощадбанк»", address="вул. Соборна, 1", takes_utility_payments=True
    )
    services.seed_forums()
    # The footer's contacts are links inside a line of text.
    SiteContacts.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"phone": "20-03-70", "email": "info@example.org"},
    )


def blocking(page):
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in found
        if v["impact"] in BLOCKING
    ]


PUBLIC = [
    "/",
    "/novyny/",
    "/novyny/vidkliuchennia/",
    "/taryfy/",
    "/nadavachi/",
    "/splatyty/",
    "/pro/",
    "/search/?q=вода",
    "/accounts/login/",
    "/accounts/signup/",
    "/forum/",
    "/en/",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_a_public_page_has_no_serious_violation(page, live_server, city, path):
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("load")

    assert blocking(page) == []


def test_the_cabinet_has_no_serious_violation(
    page,
    live_server,
    city,
    resident_with_bill,  # noqa: F811
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "olena@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    expect(page.locator("header")).to_contain_text("Вийти")

    for path in ["/cabinet/", "/cabinet/notices/", "/cabinet/notices/subscription/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert blocking(page) == [], path
