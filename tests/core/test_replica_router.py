"""The replica router and middleware on their own: a write in the middle of a
request, reads outside any request, and what the test settings leave alone."""

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test.utils import CaptureQueriesContext

from cms.core import replica
from cms.core.replica_middleware import changes_data
from cms.database import REPLICA_MIDDLEWARE, REPLICA_ROUTER, with_replica_middleware
from cms.directory.models import Service


@pytest.fixture
def replica_routing(settings):
    settings.DATABASE_ROUTERS = [REPLICA_ROUTER]
    settings.MIDDLEWARE = with_replica_middleware(django_settings.MIDDLEWARE)
    settings.ROOT_URLCONF = "tests.core.replica_urls"


def service_reads(captured):
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith(
            'SELECT COUNT(*) AS "__count" FROM "directory_service"'
        )
    ]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_after_a_write_the_rest_of_the_request_reads_the_primary(
    client, services, replica_routing
):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica_queries,
    ):
        response = client.get("/read-write-read/")

    assert response.content == b"1 1"
    assert len(service_reads(replica_queries)) == 1
    assert "water_supply" in service_reads(replica_queries)[0]
    assert len(service_reads(primary)) == 1
    assert "extra-" in service_reads(primary)[0]
    assert "portal_wrote" in response.cookies


def test_outside_a_request_reads_go_to_the_primary(settings):
    settings.DATABASE_ROUTERS = [REPLICA_ROUTER]

    assert router.db_for_read(Service) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Service) == DEFAULT_DB_ALIAS


def test_a_marked_request_reads_the_replica_until_it_writes(settings):
    settings.DATABASE_ROUTERS = [REPLICA_ROUTER]
    token = replica.start_request()
    try:
        replica.current().replica = True
        on_replica = router.db_for_read(Service)
        with replica.bookkeeping():
            replica.note_write()
        after_bookkeeping = router.db_for_read(Service)
        replica.note_write()
        after_write = router.db_for_write(Service), router.db_for_read(Service)
    finally:
        replica.end_request(token)

    assert on_replica == "replica"
    assert after_bookkeeping == "replica"
    assert after_write == (DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS)
    assert replica.current() is None


def test_sessions_and_task_queue_are_always_read_on_the_primary(settings):
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    settings.DATABASE_ROUTERS = [REPLICA_ROUTER]
    token = replica.start_request()
    try:
        replica.current().replica = True
        chosen = router.db_for_read(Session), router.db_for_read(DBTaskResult)
    finally:
        replica.end_request(token)

    assert chosen == (DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS)


def test_the_replica_is_never_migrated(settings):
    settings.DATABASE_ROUTERS = [REPLICA_ROUTER]

    assert router.allow_migrate("replica", "billing") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "billing") is True


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('SELECT "x" FROM "y"', False),
        ("  (SELECT 1) UNION (SELECT 2)", False),
        ('SAVEPOINT "s1"', False),
        ('RELEASE SAVEPOINT "s1"', False),
        ('INSERT INTO "y" VALUES (1)', True),
        ('update "y" SET a = 1', True),
        ('DELETE FROM "y"', True),
        ("WITH moved AS (DELETE FROM y RETURNING *) SELECT 1", True),
        ("COPY y FROM STDIN", True),
    ],
)
def test_statements_that_change_data(sql, writes):
    assert changes_data(sql) is writes


def test_the_rest_of_the_suite_runs_without_the_router():
    # The test settings' "replica" alias is only a mirror for the replica's
    # tests; elsewhere nothing routes to it and no middleware watches requests.
    assert django_settings.DATABASE_ROUTERS == []
    assert REPLICA_MIDDLEWARE not in django_settings.MIDDLEWARE
    assert django_settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"
