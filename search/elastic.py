"""The site-wide search on an Elasticsearch cluster (ELASTICSEARCH_URL).

The cluster gets the same documents as PostgreSQL, analysed the same way in
Python (search.analysis): every word of a field is already a dictionary
reading, so the index only splits on spaces and never stems again. A
registration's weights pick the field a text goes to, and each field is
boosted as PostgreSQL weighs it, so both backends rank alike.

Readers always go through an alias. A full rebuild fills a new index beside
the old one and moves the alias in one step, so searches never meet a half
empty index.

The request bodies are built here as plain data (``index_body``,
``search_body``, ``counts_body``, ``suggest_body``, ``actions``): they are what
the tests compare, and all a cluster ever sees.
"""

import logging
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch.dsl import Date, Float, Index, Keyword, Mapping, Q, Search, Text
from elasticsearch.dsl import analyzer as make_analyzer
from elasticsearch.helpers import bulk

from search import registry
from search.analysis import indexed, readings, words
from search.asking import MOST_WORDS, asked, widened
from search.registry import WEIGHTS

logger = logging.getLogger(__name__)

#: A field per PostgreSQL weight; text lands in the one its registration names.
FIELDS = {weight: f"words_{weight.lower()}" for weight in WEIGHTS}

#: PostgreSQL's ts_rank weighs A, B, C, D as 1, 0.4, 0.2, 0.1; the same ratios.
BOOSTS = {"A": 10, "B": 4, "C": 2, "D": 1}

#: Seconds a request may take before the portal answers from PostgreSQL.
TIMEOUT = 2

#: The text is analysed already: split on spaces, nothing more.
READINGS = make_analyzer("readings", tokenizer="whitespace")


def alias():
    return settings.ELASTICSEARCH_INDEX


def client():
    return Elasticsearch(
        settings.ELASTICSEARCH_URL,
        request_timeout=TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )


def mapping():
    fields = Mapping()
    # A field nobody declared is a mistake, not something to guess a type for.
    fields.meta("dynamic", "strict")
    fields.field("type", Keyword())
    fields.field("object_id", Keyword())
    fields.field("kind", Keyword())
    # Shown on the results page, never searched: the words fields are.
    fields.field("title", Text(index=False))
    fields.field("body", Text(index=False))
    fields.field("url", Keyword(index=False))
    fields.field("date", Date())
    fields.field("boost", Float())
    for name in FIELDS.values():
        fields.field(name, Text(analyzer=READINGS))
    return fields


def index_body(name):
    """Settings and mappings of a new index called ``name``."""
    index = Index(name)
    index.settings(number_of_shards=1)
    index.mapping(mapping())
    return index.to_dict()


def source(searchable, document):
    """The stored form of one document."""
    texts = {name: [] for name in FIELDS.values()}
    for part in ("title", "body"):
        weight = searchable.weights.get(part, "D")
        texts[FIELDS[weight]].append(indexed(getattr(document, part)))
    return {
        "type": document.type,
        "object_id": str(document.pk),
        "kind": document.kind,
        "title": document.title,
        "body": document.body,
        "url": document.url,
        "date": _iso(document.date),
        "boost": searchable.boost,
        **{name: " ".join(parts) for name, parts in texts.items()},
    }


def document_id(key, pk):
    return f"{key}:{pk}"


def actions(index, searchable, documents, gone=()):
    """Bulk actions storing ``documents`` of a type and dropping keys ``gone``."""
    for document in documents:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": document_id(searchable.key, document.pk),
            "_source": source(searchable, document),
        }
    for pk in gone:
        yield {
            "_op_type": "delete",
            "_index": index,
            "_id": document_id(searchable.key, pk),
        }


def matching(query, types=None):
    """Documents holding every word of ``query`` in any of its forms, each
    worth its type's boost; None when the query holds no word."""
    groups = asked(query)
    if not groups:
        return None
    every_word = [
        Q(
            "multi_match",
            query=" ".join(forms),
            fields=[f"{FIELDS[weight]}^{BOOSTS[weight]}" for weight in WEIGHTS],
            type="most_fields",
            operator="or",
        )
        for forms in groups
    ]
    wanted = Q("bool", must=every_word)
    if types:
        wanted = Q("bool", must=every_word, filter=[Q("terms", type=list(types))])
    return Q(
        "function_score",
        query=wanted,
        field_value_factor={"field": "boost", "missing": 1},
        boost_mode="multiply",
    )


def search_body(query, types=None, offset=0, limit=20):
    """The request for one page of results, best first, newest among equals."""
    wanted = matching(query, types)
    if wanted is None:
        return None
    found = (
        Search()
        .query(wanted)
        .sort("_score", {"date": {"order": "desc", "missing": "_last"}}, "object_id")
        .source(["type", "object_id", "kind", "title", "body", "url", "date"])
    )
    return found[offset : offset + limit].to_dict()


def counts_body(query):
    """The request counting the documents of each type the query finds."""
    wanted = matching(query)
    if wanted is None:
        return None
    found = Search().query(wanted).extra(size=0)
    found.aggs.bucket(
        "types", "terms", field="type", size=len(registry.registered()) or 1
    )
    return found.to_dict()


def suggest_body(query, limit=8):
    """Titles for a query typed so far: its last word may be unfinished."""
    typed = words(query)[:MOST_WORDS]
    if not typed:
        return None
    whole = [
        Q(
            "multi_match",
            query=" ".join(widened(readings(word))),
            fields=list(FIELDS.values()),
            operator="or",
        )
        for word in typed[:-1]
    ]
    started = Q(
        "bool",
        should=[Q("prefix", **{name: typed[-1]}) for name in FIELDS.values()],
        minimum_should_match=1,
    )
    found = (
        Search()
        .query(Q("bool", must=[*whole, started]))
        .source(["title", "url", "type"])
    )
    return found[:limit].to_dict()


def alias_actions(new, old):
    """Point the alias at ``new`` and away from every ``old`` index at once."""
    name = alias()
    return [
        *({"remove": {"index": index, "alias": name}} for index in old),
        {"add": {"index": new, "alias": name}},
    ]


class Backend:
    """Reads and writes of the site-wide search on one cluster."""

    def __init__(self, es=None):
        self.es = es or client()

    # Reading

    def hits(self, query, types=None, offset=0, limit=20):
        body = search_body(query, types, offset, limit)
        if body is None:
            return []
        response = self.es.search(index=alias(), body=body)
        return [Hit.from_source(hit["_source"]) for hit in response["hits"]["hits"]]

    def counts(self, query):
        body = counts_body(query)
        if body is None:
            return {}
        response = self.es.search(index=alias(), body=body)
        buckets = response["aggregations"]["types"]["buckets"]
        return {bucket["key"]: bucket["doc_count"] for bucket in buckets}

    def suggest(self, query, limit=8):
        body = suggest_body(query, limit)
        if body is None:
            return []
        response = self.es.search(index=alias(), body=body)
        return [hit["_source"] for hit in response["hits"]["hits"]]

    # Writing

    def store(self, searchable, documents, gone=()):
        """Write ``documents`` of a type and drop keys ``gone`` through the
        alias; fails rather than create an index the alias does not name."""
        _, errors = bulk(
            self.es,
            actions(alias(), searchable, documents, gone),
            require_alias=True,
            raise_on_error=False,
        )
        # Dropping what was never stored is no failure.
        failed = [error for error in errors if _status(error) != 404]
        if failed:
            logger.warning(
                "search index: Elasticsearch refused %d %s actions",
                len(failed),
                searchable.key,
            )
        return len(failed)

    def reindex(self, searchable):
        """Drop every document of a type and store them all again."""
        self.es.delete_by_query(
            index=alias(), query={"term": {"type": searchable.key}}, refresh=True
        )
        return self.store(searchable, registry.documents(searchable))

    def rebuild(self):
        """Fill a new index with every type and move the alias onto it."""
        new = f"{alias()}-{timezone.now():%Y%m%d%H%M%S%f}"
        self.es.indices.create(index=new, **index_body(new))
        for searchable in registry.registered():
            bulk(self.es, actions(new, searchable, registry.documents(searchable)))
        self.es.indices.refresh(index=new)

        old = self.aliased()
        self.es.indices.update_aliases(actions=alias_actions(new, old))
        for index in old:
            self.es.indices.delete(index=index)
        logger.info("search index: Elasticsearch index %s now serves searches", new)
        return new

    def aliased(self):
        """The indexes the alias points at now (none before the first build)."""
        if not self.es.indices.exists_alias(name=alias()):
            return []
        return sorted(self.es.indices.get_alias(name=alias()))


class Hit:
    """One result as the results page shows it, like a PostgreSQL entry."""

    def __init__(self, type, object_id, title, body, url, date=None, kind=""):
        self.type = type
        self.object_id = object_id
        self.kind = kind
        self.title = title
        self.body = body
        self.url = url
        self.date = date

    @classmethod
    def from_source(cls, stored):
        when = stored.get("date")
        return cls(
            type=stored["type"],
            object_id=stored["object_id"],
            kind=stored.get("kind", ""),
            title=stored["title"],
            body=stored["body"],
            url=stored["url"],
            date=datetime.fromisoformat(when) if when else None,
        )


def _iso(when):
    if isinstance(when, (date, datetime)):
        return when.isoformat()
    return None


def _status(error):
    for outcome in error.values():
        return outcome.get("status")
    return None
