"""The notices page, opening a notice and marking them read: only the
recipient sees or touches their notices."""

import pytest
from django.urls import reverse

from plugins.notifications.models import Notice
from plugins.notifications.views import PAGE_SIZE
from tests.notifications.conftest import make_notice

pytestmark = pytest.mark.django_db

INDEX = reverse("notifications:index")


def test_the_list_shows_the_users_notices_newest_first_and_marks_unread(
    client, resident, neighbour, notices
):
    make_notice(neighbour, 99)
    client.force_login(resident)

    response = client.get(INDEX)

    assert response.status_code == 200
    page = list(response.context["notices"])
    assert [notice.subject for notice in page] == [
        "Повідомлення 3",
        "Повідомлення 2",
        "Повідомлення 1",
    ]
    html = response.content.decode()
    assert html.count('class="notice notice-unread"') == 2
    assert "Повідомлення 99" not in html


def test_the_list_is_paginated_in_a_bounded_number_of_queries(
    client, resident, django_assert_max_num_queries
):
    Notice.objects.bulk_create(
        Notice(recipient=resident, subject=f"№ {n}", body="Текст", link="/cabinet/")
        for n in range(PAGE_SIZE * 2 + 5)
    )
    client.force_login(resident)

    # The user, the header's counter, the site with its name, menu and
    # contacts, the page's count and its rows: none of them grows with the
    # number of notices.
    with django_assert_max_num_queries(11):
        response = client.get(INDEX, {"page": 2})

    assert len(response.context["notices"]) == PAGE_SIZE
    assert response.context["notices"].paginator.num_pages == 3


def test_a_visitor_who_is_not_signed_in_is_sent_to_log_in(client, notices):
    for url in [INDEX, reverse("notifications:open", args=[notices[1].pk])]:
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert Notice.objects.filter(read_at__isnull=True).count() == 2


def test_another_user_cannot_open_a_notice(client, neighbour, notices):
    client.force_login(neighbour)

    response = client.get(reverse("notifications:open", args=[notices[1].pk]))

    assert response.status_code == 404
    notices[1].refresh_from_db()
    assert notices[1].read_at is None


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, resident):
    notice = make_notice(resident, link="/cabinet/subsidies/7/")
    client.force_login(resident)

    response = client.get(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 302
    assert response.url == "/cabinet/subsidies/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "",
        # Browsers drop tabs and line breaks, and read three slashes as two.
        "/\t/evil.example",
        "/\r\n/evil.example",
        "///evil.example",
        "javascript:alert(1)",
        "cabinet/",
    ],
)
def test_a_link_off_the_site_leads_back_to_the_notices(client, resident, link):
    # Written past the model's validation, as a bad import or a bug would.
    notice = make_notice(resident, link=link)
    client.force_login(resident)

    response = client.get(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 302
    assert response.url == INDEX


def test_mark_all_read_is_a_post_and_touches_only_the_users_notices(
    client, resident, neighbour, notices
):
    others = make_notice(neighbour)
    client.force_login(resident)

    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert response.redirect_chain == [(INDEX, 302)]
    assert 'class="notice notice-unread"' not in response.content.decode()
    assert not Notice.objects.filter(recipient=resident, read_at__isnull=True)
    others.refresh_from_db()
    assert others.read_at is None


def test_mark_all_read_is_offered_only_while_something_is_unread(client, resident):
    notice = make_notice(resident)
    client.force_login(resident)
    button = reverse("notifications:mark_all_read")

    assert button in client.get(INDEX).content.decode()
    client.get(reverse("notifications:open", args=[notice.pk]))
    assert button not in client.get(INDEX).content.decode()
