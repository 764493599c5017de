"""Keeping the PostgreSQL index in step with what the registry declares.

Each document's title and body are analysed in Python (search.analysis) and
stored with PostgreSQL's 'simple' configuration, which only splits on spaces:
the Ukrainian work is done once, the same way for documents and queries.
"""

import logging
from collections import namedtuple

from django.db import connection, transaction

from search import backend, registry
from search.analysis import indexed
from search.models import Entry, Word

logger = logging.getLogger(__name__)

# Rows written per statement while a whole type is indexed again.
BATCH = 500

UPSERT = f"""
    INSERT INTO {Entry._meta.db_table}
        (type, object_id, kind, title, body, url, date, boost, words, indexed_at)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s,
        setweight(to_tsvector('simple', %s), %s)
        || setweight(to_tsvector('simple', %s), %s),
        now())
    ON CONFLICT (type, object_id) DO UPDATE SET
        kind = EXCLUDED.kind, title = EXCLUDED.title, body = EXCLUDED.body, url = EXCLUDED.url,
        date = EXCLUDED.date, boost = EXCLUDED.boost, words = EXCLUDED.words,
        indexed_at = now()
"""


#: One document's values, in UPSERT's order.
Row = namedtuple(
    "Row",
    "type object_id kind title body url date boost "
    "title_words title_weight body_words body_weight",
)


def row(searchable, document):
    return Row(
        document.type,
        str(document.pk),
        document.kind,
        document.title,
        document.body,
        document.url,
        document.date,
        searchable.boost,
        indexed(document.title),
        searchable.weights.get("title", "D"),
        indexed(document.body),
        searchable.weights.get("body", "D"),
    )


KNOWN_WORD = f"""
    INSERT INTO {Word._meta.db_table} (text) SELECT unnest(%s::text[])
    ON CONFLICT (text) DO NOTHING
"""
# Words this short or long make poor suggestions for a misspelt query.
SUGGESTED_LENGTH = range(3, 41)


def write(searchable, documents):
    """Store ``documents`` in batches; returns how many were written."""
    written, batch = 0, []
    with connection.cursor() as cursor:
        for document in documents:
            batch.append(row(searchable, document))
            if len(batch) == BATCH:
                store(cursor, batch)
                written, batch = written + len(batch), []
        if batch:
            store(cursor, batch)
            written += len(batch)
    return written


def store(cursor, batch):
    cursor.executemany(UPSERT, batch)
    known = {
        word
        for values in batch
        for text in (values.title_words, values.body_words)
        for word in text.split()
        if len(word) in SUGGESTED_LENGTH and not word.isdigit()
    }
    cursor.execute(KNOWN_WORD, [sorted(known)])


def reindex(searchable):
    """Index every visible object of a type again, and drop what is gone."""
    written = _reindex(searchable)
    backend.mirror("reindex", searchable)
    return written


@transaction.atomic
def _reindex(searchable):
    Entry.objects.filter(type=searchable.key).delete()
    written = write(searchable, registry.documents(searchable))
    logger.debug("search index: %d %s documents", written, searchable.key)
    return written


def refresh(searchable, pks):
    """Read objects ``pks`` of a type again: store the visible, drop the rest."""
    keys = [str(pk) for pk in pks]
    documents = list(registry.documents(searchable, pks=pks))
    shown = {str(document.pk) for document in documents}
    gone = [key for key in keys if key not in shown]

    with transaction.atomic():
        Entry.objects.filter(type=searchable.key, object_id__in=gone).delete()
        written = write(searchable, documents)

    backend.mirror("store", searchable, documents, gone)
    return written


def reindex_all():
    """Index every registered type again; {type: documents written}. The
    cluster, if any, gets a whole new index behind its alias."""
    # The known words are gathered again from what is indexed now.
    Word.objects.all().delete()
    written = {
        searchable.key: _reindex(searchable) for searchable in registry.registered()
    }
    logger.info(
        "search index rebuilt: %d documents of %d types",
        sum(written.values()),
        len(written),
    )
    backend.mirror("rebuild")
    return written
