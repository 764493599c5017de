"""Readers report a forum post; the moderators, and only they, see the reports."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.apps.forum_permission.models import UserForumPermission

from plugins.forum import services
from plugins.forum.models import PostReport
from tests.forum.conftest import make_user, start_topic


@pytest.fixture
def rude_post(forums, olena):
    _, post = start_topic(forums[services.CITY_TOPICS], olena, "Сусіди-нероби")
    return post


@pytest.fixture
def moderator(db):
    user = make_user("Модератор", "moderator@example.test")
    user.groups.add(services.moderators_group())
    return user


def report_url(post):
    return reverse("forum_report_post", args=[post.pk])


def test_a_reader_reports_a_post_to_the_moderators(client, rude_post, petro):
    client.force_login(petro)

    form = client.get(report_url(rude_post))
    response = client.post(report_url(rude_post), {"reason": "Образи сусідів"})

    assert form.status_code == 200 and "Коли дадуть воду?" in form.text
    assert response.status_code == 302
    assert f"?post={rude_post.pk}#{rude_post.pk}" in response.url
    report = PostReport.objects.get()
    assert (report.post, report.reporter, report.reason) == (
        rude_post,
        petro,
        "Образи сусідів",
    )


def test_the_topic_page_offers_to_report_others_posts_only(client, rude_post, petro):
    topic = rude_post.topic
    url = reverse(
        "forum_conversation:topic",
        args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
    )

    client.force_login(petro)
    assert report_url(rude_post) in client.get(url).text
    client.force_login(rude_post.poster)
    assert report_url(rude_post) not in client.get(url).text


def test_a_reason_is_required_and_the_form_says_so(client, rude_post, petro):
    client.force_login(petro)

    response = client.post(report_url(rude_post), {"reason": ""})

    assert response.status_code == 200
    assert "Це поле необхідно заповнити" in response.text
    assert not PostReport.objects.exists()


def test_a_post_is_reported_once_by_one_reader(client, rude_post, petro):
    client.force_login(petro)

    client.post(report_url(rude_post), {"reason": "Образи"})
    response = client.post(report_url(rude_post), {"reason": "Знову"}, follow=True)

    assert PostReport.objects.count() == 1
    assert "Ви вже поскаржилися на цей допис." in response.text


def test_nobody_reports_their_own_post(client, rude_post, olena):
    client.force_login(olena)

    client.post(report_url(rude_post), {"reason": "Сам на себе"})

    assert not PostReport.objects.exists()


@override_settings(FORUM_REPORTS_PER_DAY=1)
def test_reports_are_limited_per_day(client, forums, olena, petro):
    city = forums[services.CITY_TOPICS]
    _, first = start_topic(city, olena, "Перша")
    _, second = start_topic(city, olena, "Друга")
    client.force_login(petro)

    client.post(report_url(first), {"reason": "Образи"})
    client.post(report_url(second), {"reason": "Образи"})

    assert list(PostReport.objects.values_list("post", flat=True)) == [first.pk]


def test_a_visitor_signs_in_before_reporting(client, rude_post):
    response = client.get(report_url(rude_post))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_post_the_reader_may_not_read_is_not_found(client, rude_post, petro):
    UserForumPermission.objects.filter(
        forum=rude_post.topic.forum,
        permission__codename="can_read_forum",
        authenticated_user=True,
    ).update(has_perm=False)
    client.force_login(petro)

    assert client.get(report_url(rude_post)).status_code == 404
    assert client.post(report_url(rude_post), {"reason": "x"}).status_code == 404
    assert not PostReport.objects.exists()


def test_a_moderator_sees_reports_and_closes_them(
    client, rude_post, petro, moderator, django_assert_max_num_queries
):
    report = PostReport.objects.create(post=rude_post, reporter=petro, reason="Образи")
    client.force_login(moderator)

    with django_assert_max_num_queries(25):
        listing = client.get(reverse("forum_post_reports"))
    client.post(reverse("forum_post_report_handled", args=[report.pk]))

    assert listing.status_code == 200
    assert "Сусіди-нероби" in listing.text and "Образи" in listing.text
    report.refresh_from_db()
    assert report.handled_by == moderator and report.handled_at is not None


def test_the_reports_list_reads_the_same_rows_for_more_reports(
    client,
    forums,
    olena,
    moderator,
):
    def report_one(number):
        _, post = start_topic(forums[services.CITY_TOPICS], olena, f"Тема {number}")
        reader = make_user(f"Читач {number}", f"reader{number}@example.test")
        PostReport.objects.create(post=post, reporter=reader, reason="Спам")

    report_one(0)
    client.force_login(moderator)
    client.get(reverse("forum_post_reports"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("forum_post_reports"))
    for number in range(1, 6):
        report_one(number)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("forum_post_reports"))

    assert len(six) == len(one)


@pytest.mark.parametrize("staff", [False, True])
def test_others_may_not_open_or_close_reports(client, rude_post, petro, staff):
    report = PostReport.objects.create(post=rude_post, reporter=petro, reason="Образи")
    petro.is_staff = staff
    petro.save()
    client.force_login(petro)

    listing = client.get(reverse("forum_post_reports"))
    client.post(reverse("forum_post_report_handled", args=[report.pk]))

    assert listing.status_code in (302, 403)
    assert "Образи" not in listing.text
    report.refresh_from_db()
    assert report.handled_at is None
