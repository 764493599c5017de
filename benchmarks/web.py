"""How many requests a second the cabinet's and the public pages answer under
load, against plain Django views served by the same server in the same run.

    .venv/bin/python benchmarks/web.py [--seconds 10]
    .venv/bin/python benchmarks/web.py --database-url postgres://…/city
    .venv/bin/python benchmarks/web.py --base-url https://staging.example --database-url …

The portal runs under gunicorn (sync workers, one per core) on 127.0.0.1
with ``benchmarks.settings``: production's settings plus two baselines, a
bare "hello" view and a view doing five indexed lookups and rendering a
50-row table. ``wrk -t2 -c16 --latency`` then loads each URL in turn: the
baselines, the demo resident's dwelling overview, one service's history and
the payments (signed in once through the login form, the session cookie
passed to wrk), and, anonymously, the home page, the news, the tariffs and
the providers' directory. A cabinet page must reach 60 % of the baseline
view's requests per second with p99 under 100 ms; a public page half of the
hello view's. The baselines are loaded before and after the pages, and each
page is compared with their mean.

Without ``--database-url`` the data is prepared in a scratch database beside
DATABASE_URL's (its name plus ``_web``, dropped at the end unless ``--keep``):
migrated, seeded with the demo city, and the demo resident's dwelling given
24 months of charges through the billing import. ``--base-url`` loads a
deployed portal instead of starting one (see docs/deploy.md); the database
then only tells which pages to load. Results are printed and appended to
docs/performance.md unless ``--no-record``.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import record, web_client, wrk  # noqa: E402 -- after the path is set
from benchmarks.record import append_run, markdown_table  # noqa: E402

HISTORY_MONTHS = 24
RESIDENT_EMAIL = "resident@demo.pavlohrad.example"
RESIDENT_PASSWORD = "demo-resident-2026"


def options_from(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per URL")
    parser.add_argument("--database-url", help="an already populated database")
    parser.add_argument("--base-url", help="a deployed portal to load instead")
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--dwellings", type=int, help="of the scratch demo city")
    parser.add_argument("--email", default=RESIDENT_EMAIL)
    parser.add_argument("--password", default=RESIDENT_PASSWORD)
    parser.add_argument("--keep", action="store_true", help="keep the scratch db")
    parser.add_argument("--no-record", action="store_true")
    options = parser.parse_args(argv)
    if options.base_url and not options.database_url:
        parser.error("--base-url needs the --database-url of the deployed portal")
    return options


def scratch_url():
    """DATABASE_URL with the database's name followed by ``_web``."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("Set DATABASE_URL, or give --database-url.")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path + "_web"))


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def server_admin(url, statement):
    """Run CREATE/DROP DATABASE from the server's maintenance database."""
    import psycopg

    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(statement)


def prepare_scratch(url, dwellings):
    """Migrate, seed the demo city and give the resident two years of bills."""
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import resident_history, web_pages
    from plugins.billing.models import Dwelling

    call_command("migrate", verbosity=0)
    seed = {"dwellings": dwellings} if dwellings else {}
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet, **seed)
    dwelling = web_pages.residents_dwelling(RESIDENT_EMAIL)
    resident_history.extend_history(
        Dwelling.objects.get(pk=dwelling.pk), HISTORY_MONTHS
    )
    # Statistics as autovacuum would soon leave them: planned on the empty
    # tables of the migration, the lookups would read whole tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def empty_cache():
    """Start from an empty cache: pages cached from another database of the
    same REDIS_URL would otherwise be served as this one's."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.REDIS_URL:
        cache.clear()


def start_server(url, port, workers):
    log = ROOT / "var" / "benchmark-web.log"
    log.parent.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "cms.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        # Its default control socket is one path for every gunicorn of the user.
        "--no-control-socket",
        f"--error-logfile={log}",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=environment)


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def load(base_url, page, seconds, cookie, workers):
    """A few requests one after another, then the measured run.

    The requests before it wait until the server has answered whatever the
    previous run left queued, and give every worker the page once.
    """
    url = base_url + page.path
    page_cookie = cookie if page.signed_in else None
    for _ in range(2 * workers):
        web_client.check(base_url, page.path, page_cookie)
    measured = wrk.run(url, seconds, page_cookie)
    if measured.refused:
        raise SystemExit(f"{page.name}: {measured.refused} answers not 2xx or 3xx.")
    print(
        f"  {page.name:<18} {measured.requests_per_second:9,.0f} req/s  "
        f"p50 {measured.p50:6.1f} ms  p99 {measured.p99:6.1f} ms  "
        f"{measured.errors} errors",
        flush=True,
    )
    return measured


def measure(base_url, pages, baselines, seconds, cookie, workers):
    """Baselines, every page, baselines again: the baselines' mean rates,
    their rates before and after the pages, and each page's load."""

    def run(page):
        return load(base_url, page, seconds, cookie, workers)

    before = {page.name: run(page) for page in baselines}
    results = [(page, run(page)) for page in pages]
    after = {page.name: run(page) for page in baselines}
    spread = {
        name: (before[name].requests_per_second, after[name].requests_per_second)
        for name in before
    }
    rates = {name: (first + last) / 2 for name, (first, last) in spread.items()}
    return rates, spread, results


def verdicts(rates, results):
    """Table rows under HEADINGS; a page with failed requests misses its target."""
    rows = []
    for page, measured in results:
        baseline = rates[page.baseline]
        ratio = measured.requests_per_second / baseline
        target = f"≥ {page.least_ratio:.1f}× {page.baseline}"
        met = ratio >= page.least_ratio and not measured.errors
        if page.most_p99 is not None:
            target += f", p99 < {page.most_p99:.0f} ms"
            met = met and measured.p99 < page.most_p99
        rows.append(
            [
                page.name,
                f"{measured.requests_per_second:,.0f}",
                f"{baseline:,.0f} ({page.baseline})",
                f"{ratio:.2f}",
                f"{measured.p50:.1f} ms",
                f"{measured.p99:.1f} ms",
                str(measured.errors),
                target,
                "yes" if met else "no",
            ]
        )
    return rows


HEADINGS = [
    "page",
    "req/s",
    "baseline req/s",
    "ratio",
    "p50",
    "p99",
    "errors",
    "target",
    "met",
]


def print_table(rows):
    widths = [
        max(len(row[i]) for row in [HEADINGS, *rows]) for i in range(len(HEADINGS))
    ]
    for row in [HEADINGS, *rows]:
        print(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
        )


def record_run(facts, data, server, baselines, rows, argv):
    setting = (
        f"Server: {server}. Load: `wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} "
        f"--latency`. Data: {data}. Requests a second of the baselines: "
        f"{baselines}."
    )
    table = markdown_table(HEADINGS, rows)
    append_run("Web pages", facts, setting, table, record.command_line("web.py", argv))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    options = options_from(argv)
    url = options.database_url or scratch_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    if options.base_url is None:
        os.environ["SECURE_SSL_REDIRECT"] = "false"

    if options.database_url is None:
        # The scratch database must exist before Django connects to it.
        server_admin(url, f'DROP DATABASE IF EXISTS "{database_name(url)}"')
        server_admin(url, f'CREATE DATABASE "{database_name(url)}"')
    django.setup()
    from django.db import connections

    from benchmarks import web_pages

    server = None
    try:
        if options.database_url is None:
            print(f"preparing {database_name(url)}: migrate, seed_demo, history")
            prepare_scratch(url, options.dwellings)
        dwelling = web_pages.residents_dwelling(options.email)
        pages = web_pages.cabinet_pages(dwelling) + web_pages.public_pages()
        baselines = web_pages.baselines(dwelling)
        facts = record.machine_facts()
        data = (
            f"database `{database_name(url)}`"
            + (" (scratch: `seed_demo`)" if options.database_url is None else "")
            + f"; the resident's dwelling has {dwelling.months} months of charges "
            f"and {dwelling.payments} payments"
        )
        connections.close_all()

        if options.base_url:
            base_url = options.base_url.rstrip("/")
            served = f"deployed portal at {base_url}"
        else:
            base_url = f"http://127.0.0.1:{options.port}"
            empty_cache()
            server = start_server(url, options.port, options.workers)
            served = f"gunicorn, {options.workers} sync workers, 127.0.0.1"
        web_client.wait_until_up(base_url, baselines[0].path)
        cookie = web_client.sign_in(base_url, options.email, options.password)
        for page in baselines + pages:
            web_client.check(base_url, page.path, cookie if page.signed_in else None)

        print(f"{facts}\n{data}\n{served}, {options.seconds} s per URL")
        rates, spread, results = measure(
            base_url, pages, baselines, options.seconds, cookie, options.workers
        )
        rows = verdicts(rates, results)
        baselines_line = ", ".join(
            f"{name} {first:,.0f} before the pages and {last:,.0f} after"
            for name, (first, last) in spread.items()
        )
        print(f"requests a second of the baselines: {baselines_line}")
        print_table(rows)
        if not options.no_record:
            record_run(facts, data, served, baselines_line, rows, argv)
    finally:
        if server is not None:
            stop_server(server)
        connections.close_all()
        if options.database_url is None and not options.keep:
            server_admin(url, f'DROP DATABASE IF EXISTS "{database_name(url)}"')
        elif options.database_url is None:
            print(f"kept: --database-url {url}")


if __name__ == "__main__":
    main()
