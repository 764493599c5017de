"""Run a snippet of Python in a fresh process with another set of plugins.

Which plugins are enabled is decided when Django starts, so proving the site
works without one takes a process of its own, pointed at the test database.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url_of_tests():
    """A URL of the test database, for a separate process to use."""
    db = connection.settings_dict
    if db["HOST"].startswith("/"):
        # The embedded server listens on a Unix socket in its data folder.
        return f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def run_with_plugins(plugins, script):
    """Run ``script`` after ``django.setup()`` with only ``plugins`` enabled."""
    env = {
        **os.environ,
        "PORTAL_PLUGINS": ",".join(plugins),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url_of_tests(),
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
