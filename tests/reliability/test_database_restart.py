"""PostgreSQL stops under load and comes back: the portal answers 503 while
it is away, never 500 and never hangs, and 200 again once it returns, without
the application server being restarted.

The portal runs under gunicorn (as in production) in a process of its own,
against a throwaway cluster (tests/reliability/throwaway_postgres.py) that a
migration fills; threads ask the health check and two public pages that read
the database the whole time.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from cms.database import CONNECT_TIMEOUT
from tests.reliability.silent_server import LocalServer
from tests.reliability.throwaway_postgres import ThrowawayCluster

ROOT = Path(__file__).resolve().parents[2]

PATHS = ("/health/", "/search/?q=%D0%B2%D0%BE%D0%B4%D0%B0", "/")  # «вода»
THREADS = 6
#: A request that takes longer has hung.
REQUEST_TIMEOUT = 10
OUTAGE_SECONDS = 4
#: The first 200 after the cluster is back must come within this.
RECOVERY_SECONDS = 30

pytestmark = pytest.mark.long


@dataclass
class Answer:
    path: str
    started: float
    ended: float
    status: object  # the HTTP status, or the name of what went wrong


class Load:
    """Threads asking the portal over and over, each answer recorded."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.answers = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.ask_forever, args=(PATHS[i % len(PATHS)],))
            for i in range(THREADS)
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(REQUEST_TIMEOUT + 5)

    def ask_forever(self, path):
        while not self.stopping.is_set():
            started = time.monotonic()
            status = ask(self.base_url + path)
            with self.lock:
                self.answers.append(Answer(path, started, time.monotonic(), status))
            time.sleep(0.05)

    def between(self, start, end):
        with self.lock:
            return [a for a in self.answers if a.started >= start and a.ended <= end]


def ask(url):
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except TimeoutError:
        return "timeout"
    except OSError as error:
        return type(error).__name__


def free_local_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    cluster = ThrowawayCluster()
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.remove()


def portal_environment(database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_REPLICA_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        # Off, as in production: a failure outside the views goes to handler500.
        DEBUG="false",
    )
    return env


def healthy(base_url):
    return ask(base_url + "/health/") == 200


def answering(base_url):
    """Any HTTP answer: the server is up, whatever its database does."""
    return isinstance(ask(base_url + "/"), int)


@contextlib.contextmanager
def running_portal(database_url, folder, ready):
    """The portal under gunicorn on a free port until the block ends; its
    output goes to a file in ``folder``, so a full pipe never stalls it."""
    port = free_local_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(folder / "portal.log", "w") as log:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "cms.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
            ],
            cwd=ROOT, env=portal_environment(database_url),
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(lambda: ready(base_url), 60, "the portal to start")
            yield server, base_url
        finally:
            server.terminate()
            server.wait(20)


@pytest.fixture(scope="module")
def portal(cluster):
    """The portal on the cluster, its database migrated; one for the module,
    as the migration takes most of its time."""
    database_url = cluster.create_database("portal")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env=portal_environment(database_url), check=True,
        capture_output=True, timeout=300,
    )  # fmt: skip
    with running_portal(database_url, cluster.folder, healthy) as running:
        yield running


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds}s for {what}")


def all_pages_answer(base_url, status):
    return all(ask(base_url + path) == status for path in PATHS)


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_the_portal_answers_503_while_postgresql_is_down_and_recovers(
    cluster, portal, mode
):
    server, base_url = portal
    assert all_pages_answer(base_url, 200)

    with Load(base_url) as load:
        time.sleep(2)
        cluster.stop(mode)
        down = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        up_again = time.monotonic()
        cluster.start()
        started = time.monotonic()
        recovered = wait_for(
            lambda: all_pages_answer(base_url, 200), RECOVERY_SECONDS, "200 again"
        )
        time.sleep(2)

    during = load.between(down, up_again)
    assert {a.path for a in during} == set(PATHS), "every page was asked while down"
    assert {a.status for a in during} == {503}
    # Nothing, while it stopped, came back or once it was back, was a 500,
    # a hang or a refused connection.
    everything = load.between(0, float("inf"))
    assert {a.status for a in everything} <= {200, 503}
    assert max(a.ended - a.started for a in everything) < REQUEST_TIMEOUT
    after = load.between(recovered, float("inf"))
    assert after and {a.status for a in after} == {200}
    assert recovered - started < RECOVERY_SECONDS
    # The same application server answered throughout.
    assert server.poll() is None


def test_a_database_that_takes_the_connection_and_hangs_answers_503_in_time(
    tmp_path,
):
    """A server that is there but never answers, as a host cut off the
    network looks: each page waits for the connect timeout, then says 503."""
    with LocalServer() as silent:
        url = f"postgres://postgres@127.0.0.1:{silent.port}/portal"
        with running_portal(url, tmp_path, answering) as (_server, base_url):
            for path in PATHS[1:]:
                began = time.monotonic()
                status = ask(base_url + path)
                took = time.monotonic() - began

                assert status == 503
                assert took < CONNECT_TIMEOUT + 3
