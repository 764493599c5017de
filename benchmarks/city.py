"""A large city's data, generated the way a real city's arrives.

    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --dwellings 1
    .venv/bin/python benchmarks/city.py --preset small          # 50,000 dwellings
    .venv/bin/python benchmarks/city.py --preset large          # 500,000 dwellings
    .venv/bin/python benchmarks/city.py --dwellings 200 --months 3 --news 20 --posts 100

On a migrated database where ``seed_demo`` has built the site (its pages,
providers, tariffs and forums), it adds:

- dwellings in blocks of flats, each with an account at the four providers
  of a flat (five services), and 24 months of their charges and payments,
  written as each provider's monthly export in the portal's format and
  applied by the portal's import (see ``city_billing``); the bank payments
  the exports' paid amounts stand for;
- 2,000 news pages under the news index and 50,000 forum posts in topics of
  the city's forums (see ``city_content``), then the site-wide search's index
  rebuilt once;
- a resident who owns the first generated flat: CITY_RESIDENT_EMAIL with
  CITY_RESIDENT_PASSWORD, for a local benchmark only.

The data is a pure function of ``--seed``. A database that already holds a
generated city is refused: drop it and start again. It prints each step's
time; see docs/performance.md.
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

PRESETS = {
    "small": {"dwellings": 50_000, "months": 24, "news": 2000, "posts": 50_000},
    "large": {"dwellings": 500_000, "months": 24, "news": 2000, "posts": 50_000},
}
SEED = 8
CITY_RESIDENT_EMAIL = "city-owner@example.org"
CITY_RESIDENT_PASSWORD = "city-benchmark-only"


class CityExistsError(Exception):
    """The database already holds a generated city."""


@dataclass
class CityReport:
    """What was generated, and each step's seconds by name."""

    steps: dict = field(default_factory=dict)
    billing: object = None
    topics: int = 0
    posts: int = 0
    news: int = 0


def refuse_a_second_city():
    from django.contrib.auth import get_user_model

    from benchmarks.city_billing import generated_accounts
    from benchmarks.city_content import NEWS_SLUG, news_index
    from cms.news.models import NewsPage

    news_index()
    if (
        generated_accounts().exists()
        or NewsPage.objects.filter(slug__startswith=NEWS_SLUG).exists()
        or get_user_model().objects.filter(username=CITY_RESIDENT_EMAIL).exists()
    ):
        raise CityExistsError(
            "this database already holds a generated city; generating another "
            "would mix two. Drop the database, migrate, run seed_demo and start again."
        )


def link_resident():
    """The owner of the first generated flat, with a login."""
    from benchmarks.city_billing import ACCOUNT_DIGIT
    from fixtures.users import upsert_user
    from plugins.billing.models import PersonalAccount

    first = (
        PersonalAccount.objects.filter(number=f"{ACCOUNT_DIGIT}10000001")
        .select_related("dwelling")
        .get()
    )
    resident = upsert_user(CITY_RESIDENT_EMAIL, CITY_RESIDENT_PASSWORD)
    resident.dwellings.add(first.dwelling)
    return resident, first.dwelling


def generate(dwellings, months, news, posts, seed=SEED, today=None, say=print):
    """Generate the city on the current database; returns a ``CityReport``."""
    from django.apps import apps
    from django.utils import timezone

    from benchmarks.city_billing import import_months
    from benchmarks.city_content import add_forum_talk, add_news
    from search.indexing import reindex_all

    refuse_a_second_city()
    today = today or timezone.localdate()
    report = CityReport()

    def step(name, action):
        started = time.perf_counter()
        result = action()
        report.steps[name] = time.perf_counter() - started
        say(f"{name}: {report.steps[name]:.1f} s")
        return result

    say(f"billing: {dwellings:,} dwellings, {months} months")
    report.billing = step(
        "billing", lambda: import_months(dwellings, months, seed, today, say)
    )
    step("resident", link_resident)
    report.news = step("news", lambda: add_news(news, seed, today))
    if apps.is_installed("plugins.forum"):
        report.topics, report.posts = step("forum", lambda: add_forum_talk(posts, seed))
    step("search index", reindex_all)
    return report


def print_report(report, say=print):
    billing = report.billing
    say(
        f"{billing.files} files, {billing.rows:,} rows ({billing.megabytes:,.0f} MB): "
        f"written in {billing.writing:.1f} s, imported in {billing.importing:.1f} s "
        f"({billing.rows / max(billing.importing, 1e-9):,.0f} rows/s)"
    )
    say(f"{billing.payments:,} bank payments recorded in {billing.paying:.1f} s")
    say(f"{report.news:,} news pages, {report.topics:,} topics, {report.posts:,} posts")
    say(f"total {sum(report.steps.values()):.1f} s")
    say(f"resident of the first flat: {CITY_RESIDENT_EMAIL} / {CITY_RESIDENT_PASSWORD}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), default="small")
    parser.add_argument("--dwellings", type=int)
    parser.add_argument("--months", type=int)
    parser.add_argument("--news", type=int)
    parser.add_argument("--posts", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args()
    sizes = {
        name: getattr(options, name) if getattr(options, name) is not None else value
        for name, value in PRESETS[options.preset].items()
    }

    django.setup()
    try:
        report = generate(seed=options.seed, **sizes)
    except (CityExistsError, LookupError) as error:
        raise SystemExit(f"city.py: {error}") from None
    print_report(report)


if __name__ == "__main__":
    main()
