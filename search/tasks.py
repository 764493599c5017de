"""Background work of the site-wide search."""

import logging

from django_tasks import task

from search import registry
from search.indexing import refresh, reindex

logger = logging.getLogger(__name__)


@task()
def refresh_index(key, pks):
    """Read documents ``pks`` of type ``key`` again, or the whole type when None."""
    searchable = next((s for s in registry.registered() if s.key == key), None)
    if searchable is None:
        logger.warning("search index: no type %s to refresh", key)
        return 0
    if pks is None:
        return reindex(searchable)
    return refresh(searchable, pks)
