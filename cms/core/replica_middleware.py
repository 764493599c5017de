"""Decide per request whether the residents' cabinet reads the replica, and
keep a resident's own changes visible to them while the replica catches up.

A GET or HEAD of a view marked with ``cms.core.replica.replica_reads`` reads
the replica, unless the browser carries the "recent write" cookie. Any
statement that changes the primary during a request (watched on the
primary's connection, whichever view ran it) moves the rest of that request
to the primary and sets the cookie for REPLICA_LAG_SECONDS.

Why a signed cookie rather than the session: the mark costs no database or
Redis write of its own, works before and without a session (sign-up, a
visitor's first form), and every app server can check it with the shared
SECRET_KEY. The signature's own timestamp bounds it, so a browser cannot
keep itself on the primary by replaying an old cookie. Installed only when
DATABASE_REPLICA_URL is set.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from cms.core import replica

RECENT_WRITE_COOKIE = "portal_wrote"
RECENT_WRITE_SALT = "cms.core.replica_middleware"

SAFE_METHODS = frozenset({"GET", "HEAD"})
# Statements that leave the data as it was; anything else counts as a write.
READING_STATEMENTS = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "BEGIN", "SET", "SHOW"}
)


def changes_data(sql):
    """Whether a statement sent to the primary may change its data."""
    words = sql.lstrip(" \t\r\n(").split(None, 1)
    return bool(words) and words[0].upper() not in READING_STATEMENTS


def watch_primary(execute, sql, params, many, context):
    """Connection wrapper: note a changing statement before it runs, so that a
    failed write is counted too (it may have been half-applied)."""
    if changes_data(sql):
        replica.note_write()
    return execute(sql, params, many, context)


def wrote_recently(request):
    return (
        request.get_signed_cookie(
            RECENT_WRITE_COOKIE,
            default=None,
            salt=RECENT_WRITE_SALT,
            max_age=settings.REPLICA_LAG_SECONDS,
        )
        is not None
    )


def remember_write(response):
    response.set_signed_cookie(
        RECENT_WRITE_COOKIE,
        "1",
        salt=RECENT_WRITE_SALT,
        max_age=settings.REPLICA_LAG_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class ReplicaMiddleware:
    """Route a read-only cabinet request's reads to the replica; after any
    write, route the writer's reads to the primary for the lag window.

    Placed right after the session middleware: the session's own save, after
    the response, is not a change of the resident's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = replica.start_request()
        try:
            primary = connections[DEFAULT_DB_ALIAS]
            with primary.execute_wrapper(watch_primary):
                response = self.get_response(request)
            if replica.current().wrote:
                remember_write(response)
            return response
        finally:
            replica.end_request(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        reads = replica.current()
        reads.replica = (
            request.method in SAFE_METHODS
            and getattr(view_func, "replica_reads", False)
            and not reads.wrote
            and not wrote_recently(request)
        )
