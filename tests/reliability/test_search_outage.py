"""Elasticsearch configured but not answering: the resident's search still
finds what PostgreSQL holds, and an editor still publishes.

tests/cms/test_search_elastic.py covers a cluster address where nothing
listens, through the search page and a page published in code. Here the
cluster is a server of the test's own on 127.0.0.1 that takes the connection
and then never answers, or answers every request with 500; and the editor
publishes through the admin's own edit page.
"""

import http.server
import logging
import socket
import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.news.models import NewsPage
from search import backend, elastic
from tests.cms.conftest import home_page, news_index  # noqa: F401
from tests.reliability.silent_server import LocalServer, Silent

TITLE = "Нові тарифи на водопостачання з 1 січня"
#: Another form of a word of TITLE: PostgreSQL's index matches it by its reading.
ASKED = "тарифів"


class Failing(http.server.BaseHTTPRequestHandler):
    """Answers everything as a cluster in trouble does: 500 with an error."""

    def answer(self):
        body = (
            b'{"error":{"type":"internal_error","reason":"shards failed"},"status":500}'
        )
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    # The names http.server calls per method.
    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = answer  # noqa: N815

    def log_message(self, *args):
        pass


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: Each broken cluster, and the warning the log must carry for a search.
BROKEN = {
    "silent": (Silent, "Elasticsearch did not answer"),
    "failing": (Failing, "Elasticsearch refused a counts (500)"),
}


@pytest.fixture(autouse=True)
def fresh_backend():
    backend.forget_failures()
    backend._cluster.cache_clear()
    yield
    backend.forget_failures()
    backend._cluster.cache_clear()


@pytest.fixture(params=sorted(BROKEN))
def broken_cluster(request, settings):
    """ELASTICSEARCH_URL at a local server that fails as the param says;
    the warning a search must log."""
    handler, warning = BROKEN[request.param]
    with LocalServer(handler) as server:
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.port}"
        yield warning


@pytest.fixture
def published(news_index, django_capture_on_commit_callbacks):  # noqa: F811
    """The news item, published with the index following after commit."""
    page = NewsPage(title=TITLE, date=timezone.localdate(), body=f"<p>{TITLE}.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        news_index.add_child(instance=page)
        page.save_revision().publish()
    # Publishing found the cluster failing already; a search asks it again.
    backend.forget_failures()
    return page


def test_the_resident_gets_postgresql_s_results_from_a_broken_cluster(
    client, broken_cluster, published, caplog
):
    with caplog.at_level(logging.WARNING, logger="search.backend"):
        started = time.monotonic()
        response = client.get(reverse("search:results"), {"q": ASKED})
        took = time.monotonic() - started

    assert response.status_code == 200
    assert TITLE in response.text
    assert broken_cluster in caplog.text
    # One wait for the silent cluster, at most: not one per question asked.
    assert took < 2 * elastic.TIMEOUT + 1


class FormReader(HTMLParser):
    """The values an editor's browser would send back from the edit form."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


@pytest.fixture
def draft(news_index):  # noqa: F811
    page = NewsPage(
        title=TITLE,
        date=timezone.localdate() - timedelta(days=1),
        body=f"<p>{TITLE}.</p>",
        live=False,
    )
    news_index.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture(params=["nothing listens", "silent", "failing"])
def any_broken_cluster(request, settings):
    if request.param == "nothing listens":
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
        yield
        return
    handler, _warning = BROKEN[request.param]
    with LocalServer(handler) as server:
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.port}"
        yield


def test_an_editor_publishes_while_the_cluster_is_broken(
    client, django_user_model, draft, any_broken_cluster, caplog,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    editor = django_user_model.objects.create_superuser(
        username="editor@example.test", email="editor@example.test", password="x"
    )
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    form = FormReader()
    form.feed(client.get(edit).text)

    with (
        caplog.at_level(logging.WARNING, logger="search.backend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(edit, {**form.fields, "action-publish": "publish"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert [hit.title for hit in backend.POSTGRES.hits(ASKED)] == [TITLE]
    assert "search index: Elasticsearch" in caplog.text
