"""A page whose database connection fails answers 503 with Retry-After and a
page in both languages; any other database error stays a 500.

The failure is made where the driver would raise it: opening a cursor raises
psycopg's own error, which Django wraps as it would a real one. The real
outage, a PostgreSQL stopped under load, is tests/reliability/
test_database_restart.py.
"""

import sys

import psycopg
import pytest
from django.db import OperationalError, ProgrammingError
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import Client, RequestFactory

from cms.core.outage import RETRY_AFTER_SECONDS, is_database_outage, server_error
from tests.cms.conftest import home_page, is_hit, page_cache  # noqa: F401

SEARCH = "/search/?q=вода"


@pytest.fixture
def failing_cursor(db):
    """Every new cursor raises the driver's error the test names, until the
    test ends: put back before the test's transaction is rolled back."""
    original = DatabaseWrapper.create_cursor

    def fail_with(error):
        def create_cursor(self, name=None):
            raise error

        DatabaseWrapper.create_cursor = create_cursor

    yield fail_with
    DatabaseWrapper.create_cursor = original


def wrapped(driver_error, django_class):
    """Django's error raised from the driver's, as Django raises it."""
    try:
        raise django_class(str(driver_error)) from driver_error
    except django_class as error:
        return error


def test_a_page_that_loses_the_database_answers_503(failing_cursor):
    failing_cursor(psycopg.OperationalError("server closed the connection"))

    response = Client(raise_request_exception=False).get(SEARCH)

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    # Ukrainian first, English after it, each marked with its language.
    assert '<html lang="uk">' in html
    assert html.index('<section lang="uk">') < html.index('<section lang="en">')
    assert "The portal is briefly unavailable" in html


def test_an_english_visitor_reads_english_first(failing_cursor):
    failing_cursor(psycopg.OperationalError("connection refused"))

    response = Client(raise_request_exception=False).get("/en" + SEARCH)

    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert html.index('<section lang="en">') < html.index('<section lang="uk">')


def test_a_server_shutting_down_answers_503(failing_cursor):
    failing_cursor(psycopg.errors.AdminShutdown("terminating connection"))

    response = Client(raise_request_exception=False).get(SEARCH)

    assert response.status_code == 503


@pytest.mark.parametrize(
    "driver_error",
    [
        psycopg.errors.UndefinedTable('relation "x" does not exist'),
        # A statement stopped for running too long is the query's fault.
        psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
    ],
)
def test_a_bad_query_stays_a_500(failing_cursor, driver_error):
    failing_cursor(driver_error)

    response = Client(raise_request_exception=False).get(SEARCH)

    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    "error, outage",
    [
        (
            wrapped(psycopg.OperationalError("connection refused"), OperationalError),
            True,
        ),
        (
            wrapped(psycopg.errors.CannotConnectNow("starting up"), OperationalError),
            True,
        ),
        (
            wrapped(psycopg.errors.TooManyConnections("too many"), OperationalError),
            True,
        ),
        (wrapped(psycopg.errors.QueryCanceled("timeout"), OperationalError), False),
        (wrapped(psycopg.errors.SyntaxError("syntax"), ProgrammingError), False),
        (ValueError("not the database"), False),
    ],
)
def test_what_counts_as_the_database_being_away(error, outage):
    assert is_database_outage(error) is outage


def test_an_error_raised_while_handling_a_lost_connection_is_an_outage():
    lost = wrapped(psycopg.OperationalError("server closed"), OperationalError)
    try:
        try:
            raise lost
        except OperationalError:
            raise RuntimeError("the session could not be read")  # noqa: B904
    except RuntimeError as error:
        assert is_database_outage(error)


@pytest.mark.django_db
def test_the_500_handler_answers_503_for_a_failure_outside_the_views():
    """A middleware's failure reaches handler500, not process_exception."""
    request = RequestFactory().get("/")
    try:
        raise wrapped(psycopg.OperationalError("connection refused"), OperationalError)
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)

    try:
        raise wrapped(psycopg.errors.SyntaxError("syntax"), ProgrammingError)
    except ProgrammingError:
        response = server_error(request)
    assert response.status_code == 500


def test_a_kept_connection_is_checked_before_it_is_used_again():
    """A connection kept between requests (CONN_MAX_AGE) that the server
    dropped is found out and replaced, not handed to the next request:
    tests/reliability/test_database_restart.py shows it under load."""
    from cms.database import database_config, replica_config

    url = "postgres://portal@127.0.0.1:5432/portal"
    for config in (database_config(url, "."), replica_config(url)):
        assert config["CONN_MAX_AGE"] > 0
        assert config["CONN_HEALTH_CHECKS"] is True
        assert config["OPTIONS"]["connect_timeout"] == 5


def test_the_url_may_give_its_own_connect_timeout():
    from cms.database import database_config

    url = "postgres://portal@127.0.0.1:5432/portal?connect_timeout=12"
    assert database_config(url, ".")["OPTIONS"]["connect_timeout"] == 12


def test_with_debug_on_a_view_that_loses_the_database_still_answers_503(
    failing_cursor, settings
):
    """Django's debug page takes over from handler500 then; the middleware
    answers for the views."""
    settings.DEBUG = True
    failing_cursor(psycopg.OperationalError("connection refused"))

    response = Client(raise_request_exception=False).get(SEARCH)

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.usefixtures("home_page", "page_cache")
def test_a_public_page_already_cached_is_still_served(failing_cursor):
    assert Client().get("/").status_code == 200
    failing_cursor(psycopg.OperationalError("connection refused"))

    cached = Client().get("/")
    assert cached.status_code == 200
    assert is_hit(cached)
    assert "Комунальний портал" in cached.text
    # A page the cache does not hold needs the database.
    assert Client(raise_request_exception=False).get(SEARCH).status_code == 503
