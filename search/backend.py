"""Which index answers a search, and keeping the second one written.

PostgreSQL always holds the index (search.indexing). With ELASTICSEARCH_URL
set, the cluster holds the same documents and answers the searches; when it
cannot, PostgreSQL answers instead and a warning is logged, and the cluster
is left alone for a while so that no visitor waits for it again and again.
"""

import logging
import time
from functools import lru_cache

from django.conf import settings
from elasticsearch import ApiError, TransportError

from search import elastic
from search.finding import RANKED_AT_MOST, counted, find, index_only, suggest

logger = logging.getLogger(__name__)

#: Results a query lists at most, over all its pages: PostgreSQL ranks a
#: broad query's newest matches only, and Elasticsearch pages no further.
LISTED_AT_MOST = RANKED_AT_MOST

#: Seconds the portal answers from PostgreSQL alone after the cluster failed.
RETRY_AFTER = 30

#: What the client raises when the cluster is away or too slow: it is left
#: alone for RETRY_AFTER seconds.
AWAY = TransportError

#: What it raises when the cluster answers with an error (a bad request, a
#: missing index): that one request falls back, the next asks again, so no
#: visitor can switch the cluster off for everyone.
REFUSED = ApiError


class Postgres:
    """The default backend: search.finding over the Entry table."""

    def hits(self, query, types=None, offset=0, limit=20):
        with index_only():
            return list(find(query, types)[offset : offset + limit])

    def counts(self, query):
        with index_only():
            return counted(query)

    def suggest(self, query, limit=8):
        return suggest(query, limit)


POSTGRES = Postgres()

_down_until = 0.0


@lru_cache(maxsize=1)
def _cluster(url):
    try:
        return elastic.Backend()
    except ValueError as error:
        # A mistyped address must not take the search down with it.
        logger.error(
            "search: ELASTICSEARCH_URL is not usable (%s); PostgreSQL answers", error
        )
        return None


def cluster():
    """The Elasticsearch backend when one is configured and usable, else None."""
    url = settings.ELASTICSEARCH_URL
    return _cluster(url) if url else None


def answer(method, *args):
    """``method`` of the cluster, or of PostgreSQL when there is no cluster
    or it fails."""
    global _down_until
    es = cluster()
    if es is not None and time.monotonic() >= _down_until:
        try:
            return getattr(es, method)(*args)
        except AWAY as error:
            _down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "search: Elasticsearch did not answer (%s); PostgreSQL answers "
                "for the next %d s",
                type(error).__name__,
                RETRY_AFTER,
            )
        except REFUSED as error:
            logger.warning(
                "search: Elasticsearch refused a %s (%s); PostgreSQL answers it",
                method,
                error.meta.status,
            )
    return getattr(POSTGRES, method)(*args)


def mirror(method, *args):
    """Make the same change in the cluster, if there is one. PostgreSQL is
    already written, so a failure here only leaves the cluster behind until
    the next ``manage.py search_reindex``."""
    global _down_until
    es = cluster()
    # While the cluster is known to be away, each change would wait for its
    # timeout and log the same warning again.
    if es is None or time.monotonic() < _down_until:
        return
    try:
        getattr(es, method)(*args)
    except REFUSED as error:
        logger.warning(
            "search index: Elasticsearch refused a %s (%s); run search_reindex",
            method,
            error.meta.status,
        )
    except AWAY as error:
        _down_until = time.monotonic() + RETRY_AFTER
        # TODO: a change missed while the cluster was away waits for the next
        # full reindex; a queue of missed keys would let it catch up alone.
        logger.warning(
            "search index: Elasticsearch missed a %s (%s), and is left alone "
            "for %d s; run search_reindex once it is back",
            method,
            type(error).__name__,
            RETRY_AFTER,
        )


def forget_failures():
    """Ask the cluster again at once (after a reindex, and in tests)."""
    global _down_until
    _down_until = 0.0


class Results:
    """A query's results as Django's Paginator reads them: a count, then
    the slice of one page, each asked of the backend only when needed."""

    def __init__(self, query, types=None):
        self.query = query
        self.types = list(types or [])
        self._counts = None

    def counts(self):
        """{type: documents found}, over every type."""
        if self._counts is None:
            self._counts = answer("counts", self.query) if self.query else {}
        return self._counts

    def found(self):
        """How many entries hold the query, in the chosen types."""
        counts = self.counts()
        wanted = self.types or counts
        return sum(counts.get(key, 0) for key in wanted)

    def count(self):
        # Pages go as far as the ranked entries do (search.finding).
        return min(self.found(), LISTED_AT_MOST)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("Results are read a page at a time.")
        offset = window.start or 0
        if not self.query or window.stop <= offset:
            return []
        return answer("hits", self.query, self.types, offset, window.stop - offset)
