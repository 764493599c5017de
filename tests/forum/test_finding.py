"""The forum's search box finds posts by their words, only where the reader
may read, and never a post waiting for approval."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.apps.forum_permission.models import UserForumPermission

from plugins.forum import services
from tests.forum.conftest import start_topic


@pytest.fixture
def city(forums):
    return forums[services.CITY_TOPICS]


def search(client, query):
    return client.get(reverse("forum_search_posts"), {"q": query})


def test_a_visitor_finds_a_post_by_two_of_its_words(client, city, olena):
    start_topic(city, olena, "Сміття на Шевченка")
    start_topic(city, olena, "Ями на дорозі")

    response = search(client, "воду сміття")

    assert response.status_code == 200
    assert "Сміття на Шевченка" in response.text
    assert "Ями на дорозі" not in response.text
    assert "Знайдено 1 допис за запитом «воду сміття»." in response.text


def test_a_query_pasted_with_a_nul_character_still_finds(client, city, olena):
    start_topic(city, olena, "Сміття на Шевченка")

    response = search(client, "сміт\x00тя")

    assert response.status_code == 200
    assert "Знайдено 1 допис за запитом «сміття»." in response.text


def test_the_excerpt_is_text_not_markup(client, city, olena):
    _, post = start_topic(city, olena, "Розмітка")
    post.content = "Про **воду** <script>alert(1)</script>"
    post.save()

    response = search(client, "розмітка")

    assert "Про воду" in response.text
    assert "<script>alert(1)" not in response.text


def test_a_post_in_a_forum_the_reader_may_not_read_is_not_found(
    client, city, olena, petro
):
    start_topic(city, olena, "Закрита розмова")
    UserForumPermission.objects.filter(
        forum=city, permission__codename="can_read_forum"
    ).update(has_perm=False)

    assert "Закрита розмова" not in search(client, "закрита").text
    client.force_login(petro)
    assert "Закрита розмова" not in search(client, "закрита").text


def test_a_post_waiting_for_approval_is_not_found(client, city, olena):
    topic, post = start_topic(city, olena, "Очікує схвалення")
    post.approved = False
    post.save()

    assert "Очікує схвалення" not in search(client, "схвалення").text


def test_an_empty_query_asks_for_words(client, city):
    response = search(client, "   ")

    assert response.status_code == 200
    assert "Введіть у поле вище слова для пошуку." in response.text


def test_the_results_read_the_same_rows_however_many_match(client, city, olena):
    start_topic(city, olena, "Вода 0")
    search(client, "вода")
    with CaptureQueriesContext(connection) as one:
        search(client, "вода")
    for number in range(1, 10):
        start_topic(city, olena, f"Вода {number}")
    with CaptureQueriesContext(connection) as ten:
        response = search(client, "вода")

    assert response.text.count("forum-search-result") == 10
    assert len(ten) == len(one)
