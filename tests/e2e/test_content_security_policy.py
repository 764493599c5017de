"""The portal's Content-Security-Policy in a real browser: a resident, the
kiosk and the administrator go through the pages they use, and the browser
blocks nothing on any of them (it tells of each blocked script, style or
frame in its console)."""

from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import expect

from cms.news.models import NewsIndexPage, NewsKind, NewsPage
from plugins.forum import services
from tests.cms.conftest import add_child
from tests.e2e.content_policy import policy_complaints
from tests.e2e.test_resident_journey import (  # noqa: F401
    NOVEMBER,
    PASSWORD,
    make_resident,
    resident_with_bill,
    site_tree,
)
from tests.forum.conftest import start_topic
from tests.second_factor import answer_code_prompt, give_authenticator

pytestmark = pytest.mark.usefixtures("site_tree")


@pytest.fixture
def news_item(site_tree):  # noqa: F811
    news = add_child(site_tree, NewsIndexPage(title="Новини", slug="news"))
    return add_child(
        news,
        NewsPage(
            title="Планові роботи на водогоні",
            kind=NewsKind.NEWS,
            date=date(2026, 12, 1),
            body="<p>Воду дадуть увечері.</p>",
        ),
    )


@pytest.fixture
def topic(resident_with_bill, water_provider):  # noqa: F811
    forum = services.seed_forums()[water_provider.short_name]
    topic, _ = start_topic(forum, resident_with_bill, "Коли дадуть воду?")
    return topic


@pytest.fixture
def administrator(django_user_model):
    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password=PASSWORD
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    give_authenticator(user)
    return user


def visit(tab, url):
    response = tab.goto(url)
    # Scripts the page starts after loading (the admin's editors) run too.
    tab.wait_for_load_state("networkidle")
    assert response.status == 200, url
    return response


def sign_in(tab, base, email):
    tab.goto(f"{base}/accounts/login/")
    tab.fill("input[name=login]", email)
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("main form button[type=submit]").click()
    answer_code_prompt(tab, email)
    expect(tab.locator("header")).to_contain_text("Вийти")


def test_a_residents_pages_run_under_the_policy(
    page,
    live_server,
    news_item,
    topic,
    resident_with_bill,  # noqa: F811
):
    complaints = policy_complaints(page)
    dwelling = resident_with_bill.dwellings.get()
    base = live_server.url

    visit(page, f"{base}/")
    visit(page, f"{base}{news_item.url}")
    sign_in(page, base, "olena@example.org")
    response = visit(page, f"{base}/cabinet/dwellings/{dwelling.pk}/")
    bill = reverse("billing:bill_print", args=[dwelling.pk, NOVEMBER])
    visit(page, f"{base}{bill}")
    # The print button's handler now lives in a static file.
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Надрукувати").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    visit(page, f"{base}/forum/")
    visit(
        page, f"{base}{reverse('forum_conversation:topic', kwargs=topic_kwargs(topic))}"
    )
    forum = topic.forum
    visit(
        page,
        f"{base}{reverse('forum_conversation:topic_create', args=[forum.slug, forum.pk])}",
    )
    expect(page.locator(".CodeMirror")).to_be_visible()

    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert complaints == [], "\n".join(complaints)


def test_the_kiosk_runs_under_the_policy(
    page, live_server, settings, django_user_model
):
    settings.KIOSK_HOSTS = [live_server.url.removeprefix("http://").split(":")[0]]
    make_resident(django_user_model, "petro")
    complaints = policy_complaints(page)

    visit(page, f"{live_server.url}/")
    sign_in(page, live_server.url, "petro@example.org")
    # The kiosk's own script watches for the idle visitor on every page.
    expect(page.get_by_role("button", name="Завершити")).to_be_visible()
    visit(page, f"{live_server.url}/cabinet/")

    assert complaints == [], "\n".join(complaints)


def test_the_admin_runs_under_its_policy(page, live_server, news_item, administrator):
    complaints = policy_complaints(page)
    base = live_server.url

    sign_in(page, base, "admin@example.org")
    visit(page, f"{base}/admin/")
    visit(page, f"{base}{reverse('wagtailadmin_pages:edit', args=[news_item.pk])}")
    expect(page.locator("#id_title")).to_have_value("Планові роботи на водогоні")
    # The preview panel frames the page being edited inside the admin.
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("Планові роботи")
    visit(page, f"{base}{reverse('wagtailsnippets_directory_provider:list')}")
    visit(page, f"{base}{reverse('subsidies_applications_modeladmin_index')}")

    assert complaints == [], "\n".join(complaints)


def topic_kwargs(topic):
    return {
        "forum_slug": topic.forum.slug,
        "forum_pk": topic.forum.pk,
        "slug": topic.slug,
        "pk": topic.pk,
    }
