"""Where one page's time goes: its requests profiled in this process.

    .venv/bin/python benchmarks/web_profile.py --database-url URL PATH [--requests 20]

Serves PATH with ``benchmarks.settings`` through Django's test client, signed
in as the demo resident (or ``--email``'s user) unless ``--anonymous``, after
two requests that fill the process's caches, and prints the functions that
took the most time over ``--requests`` requests, with the number of queries
one request runs.
"""

import argparse
import cProfile
import os
import pstats
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RESIDENT_EMAIL = "resident@demo.pavlohrad.example"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--email", default=RESIDENT_EMAIL, help="who is signed in")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--queries", action="store_true", help="print them")
    options = parser.parse_args()

    os.environ["DATABASE_URL"] = options.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if not options.anonymous:
        client.force_login(get_user_model().objects.get(email=options.email))
    for _ in range(2):
        status = client.get(options.path).status_code
        if status != 200:
            raise SystemExit(f"{options.path} answered {status}, not 200.")
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(options.path)

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(options.requests):
        client.get(options.path)
    profile.disable()

    print(f"{len(queries)} queries a request")
    if options.queries:
        print("\n".join(sql[:200] for sql in queries))
    stats = pstats.Stats(profile).strip_dirs().sort_stats(options.sort)
    stats.print_stats(options.lines)


if __name__ == "__main__":
    main()
