"""Which database a query reads: the primary, or the read replica named by
DATABASE_REPLICA_URL (the "replica" alias).

Only a request that the replica middleware (``cms.core.replica_middleware``)
found read-only and meant for the replica reads there, and only until it
writes; everything else (admin, imports, commands, tasks, forms, callbacks)
reads the primary, and every write goes to the primary. The replica has the
primary's data, a little late, so objects from either may be related.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS

REPLICA_DB_ALIAS = "replica"

# Apps whose rows must be found the moment they are written, whoever reads
# them: a session created on one request is read on the next, and a task's
# state is read by the worker that runs it.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_tasks_database"})


@dataclass
class RequestReads:
    """How the current request reads: whether it may read the replica, and
    whether it has written anything the resident would expect to see."""

    replica: bool = False
    wrote: bool = False
    bookkeeping: bool = False


_reads = contextvars.ContextVar("portal_request_reads", default=None)


def start_request():
    """Begin a request's reads on the primary; returns the token to end it."""
    return _reads.set(RequestReads())


def end_request(token):
    _reads.reset(token)


def current():
    """The current request's reads, or None outside a request."""
    return _reads.get()


def reads_replica():
    """Whether a read now may go to the replica."""
    reads = _reads.get()
    return reads is not None and reads.replica and not reads.wrote


def note_write():
    """Record that the request changed something: from now on it reads the
    primary, and the resident reads it for the lag window afterwards."""
    reads = _reads.get()
    if reads is not None and not reads.bookkeeping:
        reads.wrote = True


@contextmanager
def bookkeeping():
    """Writes inside are the portal's own record of a read (who opened what),
    not a change of the resident's: they go to the primary as every write
    does, but neither move the rest of the request nor the resident's next
    requests off the replica."""
    reads = _reads.get()
    if reads is None or reads.bookkeeping:
        yield
        return
    reads.bookkeeping = True
    try:
        yield
    finally:
        reads.bookkeeping = False


def replica_reads(view):
    """Mark a view whose GET and HEAD only read the resident's own data, so
    that with a replica configured they read it there."""
    view.replica_reads = True
    return view


class ReplicaRouter:
    """Reads of marked cabinet requests to the replica; all else to the primary."""

    # TODO: an unreachable replica fails the cabinet's pages until the operator
    # unsets DATABASE_REPLICA_URL; falling back would need a health check of
    # the replica's connection that does not cost every request a round trip.
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        return REPLICA_DB_ALIAS if reads_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows: a dwelling read from the replica
        # may be the foreign key of a reading written to the primary.
        aliases = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        # The replica follows the primary's schema by replication.
        return db != REPLICA_DB_ALIAS
