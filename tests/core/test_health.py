"""The load balancer's health check: 200 while the database, the cache and
the task queue answer, 503 naming the part that does not, to anyone, without
a session and without anything but up or down in the answer."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from cms.core import health
from cms.pagecache.entries import HIT_HEADER
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = "/health/"
PARTS = {"database", "cache", "task_queue"}


def refuse(*args, **kwargs):
    raise OperationalError("could not connect to server: secret-host:5432")


class BrokenCursorConnection:
    def cursor(self):
        raise OperationalError("server closed the connection unexpectedly")


def test_all_parts_up_answer_200_each_ok(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "task_queue": "ok",
    }


def test_the_check_only_reads_the_database_and_leaves_no_cache_key(
    client, django_assert_max_num_queries, monkeypatch
):
    keys = []
    set_key = health.cache.set
    monkeypatch.setattr(
        health.cache, "set", lambda key, *args: keys.append(key) or set_key(key, *args)
    )

    with django_assert_max_num_queries(2) as queries:
        client.get(URL)

    assert all(query["sql"].startswith("SELECT") for query in queries.captured_queries)
    assert len(keys) == 1 and cache.get(keys[0]) is None


def test_a_failing_database_query_is_named(client, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenCursorConnection())

    response = client.get(URL)

    assert response.status_code == 503
    assert failing(response) == {"database"}


def test_a_failing_cache_is_named(client, monkeypatch):
    monkeypatch.setattr(health.cache, "set", refuse)

    response = client.get(URL)

    assert response.status_code == 503
    assert failing(response) == {"cache"}


def test_a_cache_that_loses_the_key_is_named(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda *args, **kwargs: None)

    assert failing(client.get(URL)) == {"cache"}


def test_a_failing_task_table_is_named(client, monkeypatch):
    # The test settings' "imports" backend keeps its tasks in PostgreSQL.
    monkeypatch.setattr(DBTaskResult.objects, "exists", refuse)

    response = client.get(URL)

    assert response.status_code == 503
    assert failing(response) == {"task_queue"}


def test_with_rq_a_redis_that_does_not_answer_is_named(client, settings, monkeypatch):
    import django_rq

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    }
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/7"}}
    asked = []

    class DownRedis:
        def ping(self):
            asked.append("ping")
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(django_rq, "get_connection", lambda queue: DownRedis())

    response = client.get(URL)

    assert response.status_code == 503
    assert failing(response) == {"task_queue"}
    assert asked == ["ping"]


def test_with_rq_a_redis_that_answers_is_ok(client, settings, monkeypatch):
    import django_rq

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    }
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/7"}}

    class UpRedis:
        def ping(self):
            return True

    monkeypatch.setattr(django_rq, "get_connection", lambda queue: UpRedis())

    assert client.get(URL).json()["task_queue"] == "ok"


def test_a_database_that_is_down_answers_503_not_an_error_page(client, monkeypatch):
    monkeypatch.setattr(connection, "ensure_connection", refuse)

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["database"] == "failing"
    assert response.json()["cache"] == "ok"


def test_the_answer_never_carries_the_exception_text(client, monkeypatch):
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    monkeypatch.setattr(health.cache, "set", refuse)

    body = client.get(URL).text

    assert "secret-host" not in body
    assert "OperationalError" not in body
    assert set(client.get(URL).json()) == {"status", *PARTS}


def test_anyone_may_ask_and_no_session_is_started(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert settings.CSRF_COOKIE_NAME not in response.cookies


def test_a_signed_in_visitor_gets_the_same_answer(client):
    client.force_login(make_user("Олена К.", "olena@example.test"))

    assert client.get(URL).json()["status"] == "ok"


def test_the_answer_is_never_kept_by_the_public_page_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600

    client.get(URL)
    second = client.get(URL)

    assert HIT_HEADER not in second
    assert "no-cache" in second["Cache-Control"]


def test_the_check_runs_even_when_the_page_cache_is_down(client, settings, monkeypatch):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(health.cache, "get", refuse)

    response = client.get(URL)

    assert response.status_code == 503
    assert failing(response) == {"cache"}


def test_only_reading_is_allowed(client):
    assert client.post(URL).status_code == 405


def failing(response):
    return {part for part in PARTS if response.json()[part] == "failing"}
