"""The office's group reaches its own screens and nothing of the CMS; an
editor and a resident reach none of the office's screens. The dashboard
tells the office what waits."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.models import Page

from tests.subsidies.office_fixtures import (  # noqa: F401
    QUEUE,
    SCREEN,
    colleague,
    editor,
    office_member,
    queue,
    step_url,
    turned_away,
)

pytestmark = pytest.mark.django_db


def menu_urls(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.url for item in admin_menu.menu_items_for_request(request)}


def test_the_office_gets_the_subsidies_menu_item_and_no_cms_one(
    office_member,  # noqa: F811
):
    urls = menu_urls(office_member)

    assert reverse(QUEUE) in urls
    assert not {reverse("wagtailadmin_explore_root"), "/admin/images/"} & urls
    assert not any("billing" in url or "snippets" in url for url in urls)


def test_an_editor_gets_no_subsidies_menu_item(editor):  # noqa: F811
    assert reverse(QUEUE) not in menu_urls(editor)


def test_the_office_opens_the_queue_and_an_application(
    client,
    office_member,  # noqa: F811
    queue,  # noqa: F811
):
    client.force_login(office_member)

    assert client.get(reverse(QUEUE)).status_code == 200
    assert client.get(reverse(SCREEN, args=[queue["Бойко"].pk])).status_code == 200


def cms_urls():
    root = Page.get_first_root_node()
    return [
        "/admin/pages/",
        f"/admin/pages/{root.pk}/",
        f"/admin/pages/{root.pk}/edit/",
        f"/admin/pages/add/home/homepage/{root.pk}/",
        "/admin/snippets/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/billing_imports/",
        "/admin/billing/readings-export/",
        "/admin/users/",
        "/admin/groups/",
    ]


def test_the_office_reaches_no_cms_editing_or_billing_screen(
    client,
    office_member,  # noqa: F811
):
    client.force_login(office_member)

    for url in cms_urls():
        response = client.get(url)
        assert turned_away(response) or response.status_code == 404, url


@pytest.mark.parametrize("who", ["editor", "resident"])
def test_an_editor_or_a_resident_opens_none_of_the_office_screens(
    request,
    client,
    who,
    queue,  # noqa: F811
):
    client.force_login(request.getfixturevalue(who))
    application = queue["Бойко"]
    urls = [reverse(QUEUE), reverse(SCREEN, args=[application.pk])]

    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Бойко" not in response.content.decode()
    for name in ("take", "request_information", "approve", "reject"):
        response = client.post(step_url(name, application), {"message": "x"})
        assert response.status_code in (302, 403), name
    application.refresh_from_db()
    assert application.status == "submitted"


def test_the_dashboard_tells_the_office_what_waits_and_what_is_mine(
    client,
    office_member,  # noqa: F811
    queue,  # noqa: F811
    django_assert_max_num_queries,
):
    client.force_login(office_member)

    with django_assert_max_num_queries(30):
        response = client.get(reverse("wagtailadmin_home"))

    page = response.content.decode()
    panel = next(
        p for p in response.context["panels"] if p.name == "subsidy_applications"
    )
    context = panel.get_context_data({"request": response.wsgi_request})
    assert (context["waiting"], context["mine"]) == (2, 1)
    assert [row["application"] for row in context["latest"]] == [
        queue["Бойко"],
        queue["Дорошенко"],
        queue["Гончаренко"],
    ]
    assert reverse(SCREEN, args=[queue["Бойко"].pk]) in page
    assert reverse(SCREEN, args=[queue["Мельник"].pk]) not in page


def test_an_editor_has_no_subsidies_panel(client, editor):  # noqa: F811
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_home"))

    assert "subsidy_applications" not in [p.name for p in response.context["panels"]]
