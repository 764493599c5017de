"""The Elasticsearch backend's requests, compared as data: what a cluster
would be asked to store, search and swap. No cluster is needed; the live
check at the end runs only when ELASTICSEARCH_URL names one."""

import os
from datetime import date

import pytest

from search import elastic
from search.registry import Searchable, SearchDocument

WORDS_FIELDS = ["words_a^10", "words_b^4", "words_c^2", "words_d^1"]


def every_form(query):
    return {
        "multi_match": {
            "query": query,
            "fields": WORDS_FIELDS,
            "operator": "or",
            "type": "most_fields",
        }
    }


def boosted(bool_query):
    return {
        "function_score": {
            "boost_mode": "multiply",
            "functions": [{"field_value_factor": {"field": "boost", "missing": 1}}],
            "query": {"bool": bool_query},
        }
    }


@pytest.fixture
def tariffs():
    return Searchable(
        model=None,
        key="tariff_page",
        label="Tariff policy",
        weights={"title": "A", "body": "C"},
        visible=None,
        document=None,
        boost=2.0,
    )


def test_the_index_splits_analysed_words_on_spaces_and_accepts_no_stray_field():
    body = elastic.index_body("portal-search-1")

    assert body["settings"] == {
        "number_of_shards": 1,
        "analysis": {
            "analyzer": {"readings": {"type": "custom", "tokenizer": "whitespace"}}
        },
    }
    assert body["mappings"] == {
        "dynamic": "strict",
        "properties": {
            "type": {"type": "keyword"},
            "object_id": {"type": "keyword"},
            "kind": {"type": "keyword"},
            "title": {"type": "text", "index": False},
            "body": {"type": "text", "index": False},
            "url": {"type": "keyword", "index": False},
            "date": {"type": "date"},
            "boost": {"type": "float"},
            "words_a": {"type": "text", "analyzer": "readings"},
            "words_b": {"type": "text", "analyzer": "readings"},
            "words_c": {"type": "text", "analyzer": "readings"},
            "words_d": {"type": "text", "analyzer": "readings"},
        },
    }


def test_a_document_is_stored_in_dictionary_forms_under_its_weights(tariffs):
    document = SearchDocument(
        type="tariff_page",
        pk=5,
        title="Тарифи на воду",
        body="Ціни за кубометр води",
        url="/taryfy/voda/",
        date=date(2026, 12, 1),
    )

    stored = elastic.source(tariffs, document)

    assert stored == {
        "type": "tariff_page",
        "object_id": "5",
        "kind": "",
        "title": "Тарифи на воду",
        "body": "Ціни за кубометр води",
        "url": "/taryfy/voda/",
        "date": "2026-12-01",
        "boost": 2.0,
        "words_a": "тариф на вода",
        "words_b": "",
        "words_c": "ціна цінити за кубометр водити вода",
        "words_d": "",
    }


def test_bulk_actions_store_through_the_index_and_drop_by_type_and_key(tariffs):
    document = SearchDocument(
        type="tariff_page", pk=5, title="Тарифи", body="", url="/taryfy/"
    )

    actions = list(elastic.actions("portal-search", tariffs, [document], gone=["7"]))

    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "portal-search", "tariff_page:5"),
        ("delete", "portal-search", "tariff_page:7"),
    ]
    assert actions[0]["_source"]["words_a"] == "тариф"


def test_a_query_asks_for_every_meaningful_word_in_any_of_its_forms():
    body = elastic.search_body("тарифи на воду")

    assert body == {
        "query": boosted({"must": [every_form("тариф"), every_form("вода")]}),
        "sort": [
            "_score",
            {"date": {"order": "desc", "missing": "_last"}},
            "object_id",
        ],
        "from": 0,
        "size": 20,
        "_source": ["type", "object_id", "kind", "title", "body", "url", "date"],
    }


def test_a_word_is_asked_in_the_forms_residents_use_for_the_same_thing():
    body = elastic.search_body("де оплатити")

    assert body["query"] == boosted(
        {
            "must": [
                every_form("оплатити сплатити заплатити платити оплата сплата платіж")
            ]
        }
    )


def test_a_later_page_of_one_type_is_filtered_and_offset():
    body = elastic.search_body("воду", types=["news"], offset=40, limit=20)

    assert body["query"]["function_score"]["query"]["bool"]["filter"] == [
        {"terms": {"type": ["news"]}}
    ]
    assert (body["from"], body["size"]) == (40, 20)


def test_what_is_typed_is_data_never_query_syntax():
    body = elastic.search_body('вода" OR type:* {"script"')

    assert body["query"] == boosted(
        {
            "must": [
                every_form("вода"),
                every_form("or"),
                every_form("type"),
                every_form("script"),
            ]
        }
    )


def test_a_query_without_words_asks_nothing():
    assert elastic.search_body("  ?! ") is None
    assert elastic.counts_body("") is None
    assert elastic.suggest_body("…") is None


def test_counts_per_type_come_from_one_aggregation():
    body = elastic.counts_body("воду")

    assert body["size"] == 0
    assert body["aggs"]["types"]["terms"]["field"] == "type"
    assert body["query"] == boosted({"must": [every_form("вода")]})


def test_suggestions_take_the_last_word_as_the_start_of_one():
    body = elastic.suggest_body("тарифи во")

    whole, started = body["query"]["bool"]["must"]
    assert whole["multi_match"]["query"] == "тариф"
    assert started["bool"]["should"] == [
        {"prefix": {"words_a": "во"}},
        {"prefix": {"words_b": "во"}},
        {"prefix": {"words_c": "во"}},
        {"prefix": {"words_d": "во"}},
    ]
    assert body["size"] == 8


def test_the_alias_moves_to_the_new_index_in_one_request(settings):
    settings.ELASTICSEARCH_INDEX = "portal-search"

    assert elastic.alias_actions("portal-search-2", ["portal-search-1"]) == [
        {"remove": {"index": "portal-search-1", "alias": "portal-search"}},
        {"add": {"index": "portal-search-2", "alias": "portal-search"}},
    ]
    assert elastic.alias_actions("portal-search-1", []) == [
        {"add": {"index": "portal-search-1", "alias": "portal-search"}}
    ]


def test_a_hit_reads_as_an_entry_of_the_results_page():
    hit = elastic.Hit.from_source(
        {
            "type": "news",
            "object_id": "9",
            "title": "Тариф на воду",
            "body": "Текст",
            "url": "/novyny/taryf/",
            "date": "2026-11-30T08:00:00+00:00",
        }
    )

    assert (hit.type, hit.title, hit.url) == ("news", "Тариф на воду", "/novyny/taryf/")
    assert hit.date.isoformat() == "2026-11-30T08:00:00+00:00"


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="no Elasticsearch cluster named"
)
def test_a_real_cluster_is_rebuilt_behind_its_alias_and_answers(db, settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX = "portal-search-test"
    cluster = elastic.Backend()

    first = cluster.rebuild()
    second = cluster.rebuild()

    assert cluster.aliased() == [second]
    assert not cluster.es.indices.exists(index=first)
    cluster.es.indices.delete(index=second)
