"""The portal with ELASTICSEARCH_URL set: the cluster answers and is kept
written, and when it is down PostgreSQL answers and a warning is logged."""

import logging
import socket

import pytest
from django.urls import reverse
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError

from search import backend, elastic


class Indices:
    def __init__(self, cluster):
        self.cluster = cluster

    def create(self, index, settings, mappings):
        self.cluster.calls.append(("create", index))
        self.cluster.indexes.add(index)

    def refresh(self, index):
        self.cluster.calls.append(("refresh", index))

    def exists_alias(self, name):
        return bool(self.cluster.aliased)

    def get_alias(self, name):
        return {index: {"aliases": {name: {}}} for index in self.cluster.aliased}

    def update_aliases(self, actions):
        self.cluster.calls.append(("update_aliases", actions))
        self.cluster.aliased = [a["add"]["index"] for a in actions if "add" in a]

    def delete(self, index):
        self.cluster.calls.append(("delete", index))
        self.cluster.indexes.discard(index)


class Cluster:
    """A cluster that records what it is asked and answers searches with
    what a test gives it."""

    def __init__(self, hits=(), counts=None):
        self.calls, self.indexes, self.aliased = [], set(), []
        self.hits, self.type_counts = list(hits), counts or {}
        self.indices = Indices(self)

    def search(self, index, body):
        self.calls.append(("search", index))
        if "aggs" in body:
            buckets = [{"key": k, "doc_count": n} for k, n in self.type_counts.items()]
            return {"aggregations": {"types": {"buckets": buckets}}}
        return {"hits": {"hits": [{"_source": source} for source in self.hits]}}

    def delete_by_query(self, index, query, refresh):
        self.calls.append(("delete_by_query", index, query))


@pytest.fixture(autouse=True)
def fresh_backend():
    backend.forget_failures()
    backend._cluster.cache_clear()
    yield
    backend.forget_failures()
    backend._cluster.cache_clear()


@pytest.fixture
def unreachable(settings):
    """A cluster address on this machine where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"


@pytest.fixture
def cluster(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9200"
    settings.ELASTICSEARCH_INDEX = "portal-search"
    fake = Cluster()
    monkeypatch.setattr(elastic, "client", lambda: fake)

    sent = []

    def bulk(es, actions, **options):
        sent.append((list(actions), options))
        return len(sent[-1][0]), []

    monkeypatch.setattr(elastic, "bulk", bulk)
    fake.bulks = sent
    return fake


@pytest.fixture
def publish(make_news, django_capture_on_commit_callbacks):
    """Publish a news item and let the index follow, as after a request."""

    def published(title):
        with django_capture_on_commit_callbacks(execute=True):
            return make_news(title)

    return published


def search_page(client, query, **params):
    return client.get(reverse("search:results"), {"q": query, **params})


def test_when_the_cluster_is_down_postgresql_answers_and_a_warning_is_logged(
    client, publish, unreachable, caplog
):
    publish("Відключення гарячої води на Соборній")
    # Publishing found the cluster away already; a search asks it again.
    backend.forget_failures()

    with caplog.at_level(logging.WARNING, logger="search.backend"):
        page = search_page(client, "гаряча вода").text

    assert "Відключення гарячої води на Соборній" in page
    assert "Elasticsearch did not answer" in caplog.text


def test_after_a_failure_the_cluster_is_left_alone_for_a_while(
    client, publish, unreachable, monkeypatch
):
    publish("Відключення гарячої води на Соборній")
    # Publishing found the cluster away already; a search asks it again.
    backend.forget_failures()
    asked = []
    original = elastic.Backend.counts

    def counting(self, query):
        asked.append(query)
        return original(self, query)

    monkeypatch.setattr(elastic.Backend, "counts", counting)

    search_page(client, "вода")
    search_page(client, "вода")

    assert asked == ["вода"]


def test_publishing_while_the_cluster_is_down_still_reaches_postgresql(
    publish, unreachable, caplog
):
    with caplog.at_level(logging.WARNING, logger="search.backend"):
        publish("Відновлено водопостачання на Західнодонбаській")

    assert [hit.title for hit in backend.POSTGRES.hits("водопостачання")] == [
        "Відновлено водопостачання на Західнодонбаській"
    ]
    assert "Elasticsearch missed a store" in caplog.text


def test_the_cluster_answers_the_page_when_it_is_up(client, home_page, cluster):
    cluster.type_counts = {"news": 1}
    cluster.hits = [
        {
            "type": "news",
            "object_id": "9",
            "title": "Тариф на воду і стоки",
            "body": "Тариф на воду діє з 1 січня.",
            "url": "/novyny/taryf/",
            "date": None,
        }
    ]

    page = search_page(client, "тарифи на воду").text

    assert "Тариф на воду і стоки" in page
    assert '<a href="/novyny/taryf/">' in page
    assert ("search", "portal-search") in cluster.calls


def test_a_published_page_is_written_to_the_cluster_through_its_alias(publish, cluster):
    page = publish("Планове відключення води")

    actions, options = cluster.bulks[-1]
    assert options["require_alias"] is True
    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "portal-search", f"news:{page.pk}")
    ]
    assert actions[0]["_source"]["words_a"] == "плановий відключення водити вода"


def test_an_unpublished_page_is_dropped_from_the_cluster(
    publish, cluster, django_capture_on_commit_callbacks
):
    page = publish("Планове відключення води")

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    actions, _ = cluster.bulks[-1]
    assert [(a["_op_type"], a["_id"]) for a in actions] == [
        ("delete", f"news:{page.pk}")
    ]


def test_a_full_reindex_builds_a_new_index_and_then_moves_the_alias(publish, cluster):
    publish("Планове відключення води")
    cluster.aliased = ["portal-search-old"]

    new = elastic.Backend().rebuild()

    names = [call[0] for call in cluster.calls]
    assert names == ["create", "refresh", "update_aliases", "delete"]
    assert cluster.calls[0] == ("create", new)
    assert cluster.calls[2][1] == [
        {"remove": {"index": "portal-search-old", "alias": "portal-search"}},
        {"add": {"index": new, "alias": "portal-search"}},
    ]
    assert cluster.calls[3] == ("delete", "portal-search-old")
    written = [a for actions, _ in cluster.bulks for a in actions if a["_index"] == new]
    assert {a["_source"]["title"] for a in written} >= {"Планове відключення води"}


def test_changes_while_the_cluster_is_away_are_warned_of_once(
    publish, unreachable, caplog
):
    with caplog.at_level(logging.WARNING, logger="search.backend"):
        publish("Відключення води на Соборній")
        publish("Відключення води на Полтавській")

    assert caplog.text.count("Elasticsearch missed") == 1


def refusal(status=400):
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "127.0.0.1", 9200),
    )
    return ApiError("result window is too large", meta=meta, body={})


def test_a_refused_request_falls_back_alone_and_the_next_asks_again(
    client, publish, cluster, monkeypatch
):
    publish("Відключення гарячої води на Соборній")
    asked = []

    def refuse(index, body):
        asked.append(index)
        raise refusal()

    monkeypatch.setattr(cluster, "search", refuse)

    first = search_page(client, "гаряча вода", page="999999").text
    search_page(client, "гаряча вода")

    assert "Відключення гарячої води на Соборній" in first
    assert len(asked) >= 2


def test_a_mistyped_cluster_address_leaves_the_search_to_postgresql(
    client, publish, settings, caplog
):
    settings.ELASTICSEARCH_URL = "localhost:9200"
    publish("Відключення гарячої води на Соборній")

    with caplog.at_level(logging.ERROR, logger="search.backend"):
        page = search_page(client, "гаряча вода")

    assert page.status_code == 200
    assert "Відключення гарячої води на Соборній" in page.text
    assert "ELASTICSEARCH_URL is not usable" in caplog.text
