"""The count of unread notices beside the cabinet link in every page's header."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from plugins.notifications.counter import NoticeCounter
from tests.notifications.conftest import make_notice

pytestmark = pytest.mark.django_db


def header_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("includes/header.html", request=request)


def test_the_header_counts_the_users_unread_notices(resident, neighbour, notices):
    make_notice(neighbour)

    html = header_for(resident)

    assert 'href="/cabinet/notices/"' in html
    assert '<span class="header-counter">2<span class="visually-hidden">' in html


def test_without_unread_notices_the_link_stays_and_the_counter_goes(resident):
    make_notice(resident, read=True)

    html = header_for(resident)

    assert 'href="/cabinet/notices/"' in html
    assert "header-counter" not in html


def test_a_visitor_who_is_not_signed_in_sees_no_notices_link(notices):
    html = header_for(AnonymousUser())

    assert "/cabinet/notices/" not in html


def test_the_counter_costs_one_query_however_often_it_is_read(
    resident, notices, django_assert_num_queries
):
    counter = NoticeCounter(resident)

    with django_assert_num_queries(1):
        assert counter.unread == 2
        assert counter.unread == 2


def test_the_counter_asks_nothing_for_a_visitor(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert NoticeCounter(AnonymousUser()).unread == 0
