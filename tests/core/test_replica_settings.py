"""DATABASE_REPLICA_URL in the production settings: the alias, the router and
the middleware appear with it and only with it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUIRED = {
    "SECRET_KEY": "s" * 50,
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "ALLOWED_HOSTS": "portal.example",
    "DEFAULT_FROM_EMAIL": "portal@portal.example",
    "PAYMENTS_ALLOW_SANDBOX": "true",
}

SHOW = """
import json
from cms.settings import production as s
print(json.dumps({
    "aliases": sorted(s.DATABASES),
    "replica": s.DATABASES.get("replica", {}).get("HOST"),
    "routers": getattr(s, "DATABASE_ROUTERS", []),
    "middleware": s.MIDDLEWARE,
    "lag": s.REPLICA_LAG_SECONDS,
}))
"""


def production_settings(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_REPLICA_URL", "REPLICA_LAG_SECONDS"}
    }
    env.update(REQUIRED, **overrides)
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_replica_nothing_is_routed():
    result = production_settings()

    found = json.loads(result.stdout)
    assert found["aliases"] == ["default"]
    assert found["routers"] == []
    assert not any("replica" in name for name in found["middleware"])


def test_a_replica_url_adds_the_alias_router_and_middleware():
    result = production_settings(
        DATABASE_REPLICA_URL="postgres://portal@10.0.0.2:5432/portal",
        REPLICA_LAG_SECONDS="5",
    )

    found = json.loads(result.stdout)
    assert found["aliases"] == ["default", "replica"]
    assert found["replica"] == "10.0.0.2"
    assert found["routers"] == ["cms.core.replica.ReplicaRouter"]
    assert found["lag"] == 5
    middleware = found["middleware"]
    session = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert middleware[session + 1] == "cms.core.replica_middleware.ReplicaMiddleware"


def test_a_lag_window_below_a_second_is_refused():
    result = production_settings(
        DATABASE_REPLICA_URL="postgres://portal@10.0.0.2:5432/portal",
        REPLICA_LAG_SECONDS="0",
    )

    assert result.returncode != 0
    assert "REPLICA_LAG_SECONDS must be at least 1" in result.stderr
