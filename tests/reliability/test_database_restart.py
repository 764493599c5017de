"""PostgreSQL stops under load and comes back: the portal answers 503 while
it is away, never 500 and never hangs, and 200 again once it returns, without
the application server being restarted.

The portal runs under gunicorn (as in production) in a process of its own,
against a throwaway cluster (tests/reliability/throwaway_postgres.py) that a
migration fills; threads ask the health check and two public pages that read
the database the whole time.
"""

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


@pytest.fixture(scope="module")
def portal(cluster):
    """The portal under gunicorn on a free port, its database migrated; one
    for the module, as the migration takes most of its time."""
    env = portal_environment(cluster.create_database("portal"))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    port = free_local_port()
    log = open(cluster.folder / "portal.log", "w")  # noqa: SIM115 -- closed below
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "cms.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: ask(base_url + "/health/") == 200, 60, "the portal to start")
        yield server, base_url
    finally:
        server.terminate()
        server.wait(20)
        log.close()


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
