"""How fast the site-wide search answers over many documents, against a plain
ranked full-text query on the same texts.

    .venv/bin/python benchmarks/search.py [--documents 100000] [--queries 300]

Generates ``--documents`` Ukrainian texts (titles and bodies built from the
inflected forms of a few hundred everyday words), indexes them the portal's
way (search.indexing: every word's dictionary readings, weighted, under a GIN
index) and, as the baseline, into a plain table whose tsvector is
``to_tsvector('simple', title || body)`` under a GIN index. It then runs the
same queries, typed in random word forms, against both: the portal's
``search.finding.find`` including the Ukrainian analysis of the query, and a
``plainto_tsquery('simple', …)`` ranked by ``ts_rank``. Both take the first 20
results. It prints p50 and p95 of each and their ratio, which stays
comparable between machines. The database is the portal's (DATABASE_URL, or
the embedded server), with a test database created beside it and dropped at
the end. Results: docs/performance.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

LEMMAS = [
    "вода",
    "тариф",
    "опалення",
    "відключення",
    "будинок",
    "вулиця",
    "квартира",
    "рахунок",
    "оплата",
    "субсидія",
    "лічильник",
    "показник",
    "борг",
    "пеня",
    "сміття",
    "ліфт",
    "дах",
    "під'їзд",
    "подвір'я",
    "світло",
    "газ",
    "тепло",
    "каналізація",
    "труба",
    "аварія",
    "ремонт",
    "графік",
    "сезон",
    "зима",
    "літо",
    "мешканець",
    "сусід",
    "управитель",
    "надавач",
    "відділення",
    "банк",
    "каса",
    "комісія",
    "пільга",
    "новина",
    "оголошення",
    "подія",
    "акція",
    "місто",
    "район",
    "ціна",
    "кубометр",
    "гігакалорія",
    "місяць",
    "тиждень",
    "ранок",
    "вечір",
    "день",
    "година",
    "понеділок",
    "вівторок",
    "середа",
    "гарячий",
    "холодний",
    "новий",
    "старий",
    "великий",
    "малий",
    "міський",
    "комунальний",
    "платити",
    "сплатити",
    "нарахувати",
    "перерахувати",
    "подати",
    "отримати",
    "зробити",
    "замінити",
    "відремонтувати",
    "вивезти",
    "перевірити",
    "ввімкнути",
    "вимкнути",
]


def vocabulary():
    """Every form of every word above, from the same dictionary the portal uses."""
    from search.analysis import dictionary

    forms = {}
    for lemma in LEMMAS:
        parse = dictionary().parse(lemma)[0]
        forms[lemma] = sorted({form.word for form in parse.lexeme}) or [lemma]
    return forms


def documents(count, forms, rng):
    lemmas = list(forms)
    for number in range(count):
        title = " ".join(rng.choice(forms[rng.choice(lemmas)]) for _ in range(5))
        body = " ".join(rng.choice(forms[rng.choice(lemmas)]) for _ in range(60))
        yield number, title.capitalize(), body


def queries(count, forms, rng):
    lemmas = list(forms)
    return [
        " ".join(
            rng.choice(forms[rng.choice(lemmas)]) for _ in range(rng.randint(1, 3))
        )
        for _ in range(count)
    ]


def index_portal(texts):
    from search.indexing import write
    from search.registry import Searchable, SearchDocument

    searchable = Searchable(
        model=None,
        key="bench",
        label="bench",
        weights={"title": "A", "body": "B"},
        visible=None,
        document=None,
    )
    docs = (
        SearchDocument(type="bench", pk=number, title=title, body=body, url="/")
        for number, title, body in texts
    )
    return write(searchable, docs)


def index_plain(texts):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_plain (id int PRIMARY KEY, title text, body text, "
            "words tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', title || ' ' || body)) STORED)"
        )
        with cursor.copy("COPY bench_plain (id, title, body) FROM STDIN") as copy:
            for row in texts:
                copy.write_row(row)
        cursor.execute(
            "CREATE INDEX bench_plain_words ON bench_plain USING gin (words)"
        )
        cursor.execute("ANALYZE bench_plain")


def ask_portal(query):
    from search.finding import find

    return list(find(query)[:20])


def ask_plain(query):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, title FROM bench_plain, plainto_tsquery('simple', %s) q "
            "WHERE words @@ q ORDER BY ts_rank(words, q) DESC LIMIT 20",
            [query],
        )
        return cursor.fetchall()


def count_portal(query):
    from search.finding import find

    return find(query).count()


def count_plain(query):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM bench_plain WHERE words @@ plainto_tsquery('simple', %s)",
            [query],
        )
        return cursor.fetchone()[0]


def latencies(ask, asked):
    seconds = []
    for query in asked:
        started = time.perf_counter()
        ask(query)
        seconds.append(time.perf_counter() - started)
    return seconds


def percentile(values, share):
    return statistics.quantiles(values, n=100)[share - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    options = parser.parse_args()

    django.setup()
    from django.db import connection

    rng = random.Random(2026)
    forms = vocabulary()
    asked = queries(options.queries, forms, rng)

    creation = connection.creation
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        index_portal(documents(options.documents, forms, random.Random(1)))
        portal_indexing = time.perf_counter() - started
        started = time.perf_counter()
        index_plain(documents(options.documents, forms, random.Random(1)))
        plain_indexing = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_search_entry")
        print(
            f"{options.documents:,} documents indexed: portal {portal_indexing:.1f} s, "
            f"plain {plain_indexing:.1f} s ({portal_indexing / plain_indexing:.1f}×)"
        )

        # One round each before timing, so neither pays for a cold cache.
        latencies(ask_plain, asked[:20])
        latencies(ask_portal, asked[:20])
        plain = latencies(ask_plain, asked)
        portal = latencies(ask_portal, asked)
        matched = [(count_plain(query), count_portal(query)) for query in asked]
    finally:
        creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)

    print(
        "documents matched per query (median): plain "
        f"{statistics.median(p for p, _ in matched):,.0f}, portal "
        f"{statistics.median(q for _, q in matched):,.0f}"
    )
    for name, share in (("p50", 50), ("p95", 95)):
        base, ours = percentile(plain, share), percentile(portal, share)
        print(
            f"{name}: plain ranked tsvector {base * 1000:.1f} ms, portal "
            f"{ours * 1000:.1f} ms ({ours / base:.1f}×)"
        )


if __name__ == "__main__":
    main()
