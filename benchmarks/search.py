"""How fast the site-wide search answers over many documents, against a plain
ranked full-text query on the same texts.

    .venv/bin/python benchmarks/search.py [--documents 100000] [--queries 300]
        [--corpus realistic|dense]

Generates ``--documents`` Ukrainian texts and indexes them the portal's way
(search.indexing: every word's dictionary readings, weighted, under a GIN
index) and, as the baseline, into a plain table whose tsvector is
``to_tsvector('simple', title || body)`` under a GIN index.

The realistic corpus (the default) is written like the portal's pages: the
everyday words of utilities most often, then some three thousand words of the
Ukrainian dictionary ever more rarely (a Zipf law), function words between
them, titles of 3–10 words and bodies of about 90. The dense corpus is the
worst case: 60 words drawn evenly from under a hundred everyday ones, so that
a one-word query finds half of all documents.

It then runs the same queries, one to three words drawn like the texts' and
typed in random word forms, against both. The portal is asked what the
results page asks (search.views.results): the count per type, the
paginator's count and the first page of 20, from ``search.finding.find``,
including the Ukrainian analysis of the query. The baseline is asked the
least such a page needs: a count and the first 20 by ``ts_rank`` of a
``plainto_tsquery('simple', …)``. It prints p50 and p95 of each and their
ratio, which stays comparable between machines, after one untimed round.
The database is the portal's (DATABASE_URL, or the embedded server), with a
test database created beside it and dropped at the end. Results:
docs/performance.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
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


#: Words that carry no subject, about two in five of any Ukrainian text. The
#: portal indexes them like any other word; queries rarely hold them.
FUNCTION_WORDS = [
    "і",
    "та",
    "й",
    "а",
    "але",
    "або",
    "що",
    "як",
    "це",
    "не",
    "ні",
    "так",
    "вже",
    "ще",
    "лише",
    "тільки",
    "також",
    "в",
    "у",
    "на",
    "з",
    "із",
    "до",
    "від",
    "за",
    "про",
    "для",
    "по",
    "під",
    "над",
    "через",
    "після",
    "без",
    "при",
    "між",
    "він",
    "вона",
    "воно",
    "вони",
    "ми",
    "ви",
    "я",
    "його",
    "її",
    "їх",
    "цей",
    "ця",
    "ці",
    "той",
    "був",
    "була",
    "були",
    "буде",
    "є",
]
#: Share of a text's words taken from FUNCTION_WORDS.
FUNCTION_SHARE = 0.4
#: How many dictionary words follow the everyday ones in the realistic corpus.
RARE_LEMMAS = 3000
#: Kinds of documents and how often each occurs, like the portal's registrations.
TYPES = (("news", 3), ("topic", 2), ("post", 6), ("page", 1))
#: Parts of speech a generated text is made of, and dictionary marks that make
#: a word a poor stand-in for running text (names, abbreviations, slang…).
PARTS = frozenset(["NOUN", "ADJF", "INFN", "ADVB"])
UNUSUAL = frozenset(
    ["Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Infr", "Slng", "Arch"]
)


def lexeme(lemma):
    """Every form of ``lemma``, its dictionary form first."""
    from search.analysis import dictionary

    parse = dictionary().parse(lemma)[0]
    return list(dict.fromkeys(form.word for form in parse.lexeme)) or [lemma]


def dictionary_lemmas(count):
    """``count`` lemmas from the Ukrainian dictionary, the same on every run:
    the first ordinary word under each three-letter beginning, sampled."""
    from search.analysis import dictionary

    known = dictionary().dictionary
    letters = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
    found = []
    for first in letters:
        for second in letters:
            for third in letters:
                for word, (paradigm, index) in known.words.iteritems(
                    first + second + third
                ):
                    if index or not word.isalpha() or not 4 <= len(word) <= 14:
                        continue
                    tag = known.build_tag_info(paradigm, 0)
                    if tag.POS in PARTS and not tag.grammemes & UNUSUAL:
                        found.append(word)
                        break
    everyday = set(LEMMAS)
    found = [word for word in found if word not in everyday]
    return random.Random(7).sample(found, min(count, len(found)))


def zipf(count, offset):
    """Cumulative weights of ranks 1..count under a Zipf–Mandelbrot law,
    1 / (rank + offset): a few words are common, most are rare."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1 / (rank + offset)
        cumulative.append(total)
    return cumulative


class Dense:
    """The worst case: short texts drawn evenly from the everyday words, so a
    word is in about half of all documents."""

    name = "dense"

    def __init__(self):
        self.forms = {lemma: lexeme(lemma) for lemma in LEMMAS}
        self.lemmas = list(self.forms)

    def word(self, rng):
        return rng.choice(self.forms[rng.choice(self.lemmas)])

    def title(self, rng):
        return " ".join(self.word(rng) for _ in range(5))

    def body(self, rng):
        return " ".join(self.word(rng) for _ in range(60))

    def query(self, rng):
        return " ".join(self.word(rng) for _ in range(rng.randint(1, 3)))


class Realistic:
    """Texts like the portal's: the everyday words most frequent, then a few
    thousand dictionary words ever rarer (Zipf), the commoner forms of each
    word oftener, function words between them, lengths of a news item or a
    forum post."""

    name = "realistic"

    def __init__(self):
        self.lemmas = LEMMAS + dictionary_lemmas(RARE_LEMMAS)
        self.forms = [lexeme(lemma) for lemma in self.lemmas]
        self.ranks = range(len(self.lemmas))
        self.lemma_weights = zipf(len(self.lemmas), offset=10)
        self.form_weights = {
            count: zipf(count, offset=1) for count in {len(f) for f in self.forms}
        }

    def content(self, rng, count):
        chosen = rng.choices(self.ranks, cum_weights=self.lemma_weights, k=count)
        return [
            rng.choices(
                self.forms[rank], cum_weights=self.form_weights[len(self.forms[rank])]
            )[0]
            for rank in chosen
        ]

    def text(self, rng, count):
        words = self.content(rng, count)
        for place in range(count):
            if rng.random() < FUNCTION_SHARE:
                words[place] = rng.choice(FUNCTION_WORDS)
        return " ".join(words)

    def title(self, rng):
        return self.text(rng, rng.randint(3, 10))

    def body(self, rng):
        # Median about 90 words; a few long articles, no empty posts.
        return self.text(rng, min(800, max(15, round(rng.lognormvariate(4.5, 0.7)))))

    def query(self, rng):
        # Typed in any form, not only the commoner ones.
        chosen = rng.choices(
            self.ranks, cum_weights=self.lemma_weights, k=rng.randint(1, 3)
        )
        return " ".join(rng.choice(self.forms[rank]) for rank in chosen)


CORPORA = {corpus.name: corpus for corpus in (Realistic, Dense)}


def documents(count, corpus, rng):
    kinds = [kind for kind, _ in TYPES]
    weights = [weight for _, weight in TYPES]
    first = datetime(2021, 1, 1, tzinfo=UTC)
    for number in range(count):
        kind = rng.choices(kinds, weights)[0]
        date = first + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        title = corpus.title(rng).capitalize()
        yield number, kind, date, title, corpus.body(rng)


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
        SearchDocument(type=kind, pk=number, title=title, body=body, url="/", date=date)
        for number, kind, date, title, body in texts
    )
    return write(searchable, docs)


def index_plain(texts):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_plain (id int PRIMARY KEY, type text, "
            "date timestamptz, title text, body text, "
            "words tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', title || ' ' || body)) STORED)"
        )
        with cursor.copy(
            "COPY bench_plain (id, type, date, title, body) FROM STDIN"
        ) as copy:
            for row in texts:
                copy.write_row(row)
        cursor.execute(
            "CREATE INDEX bench_plain_words ON bench_plain USING gin (words)"
        )
        cursor.execute("ANALYZE bench_plain")


def ask_portal(query):
    """What the results page (search.views.results) asks of the database: a
    count per type, the paginator's count, and the first page."""
    from django.core.paginator import Paginator

    from search.backend import Results

    found = Results(query)
    counts = found.counts()
    page = Paginator(found, 20).get_page(None)
    return counts, [(entry.title, entry.body) for entry in page]


def ask_plain(query):
    """The least a results page needs: how many, and the best 20 with texts."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM bench_plain "
            "WHERE words @@ plainto_tsquery('simple', %s)",
            [query],
        )
        count = cursor.fetchone()[0]
        cursor.execute(
            "SELECT id, title, body FROM bench_plain, plainto_tsquery('simple', %s) q "
            "WHERE words @@ q ORDER BY ts_rank(words, q) DESC LIMIT 20",
            [query],
        )
        return count, cursor.fetchall()


def count_portal(query):
    from search.backend import POSTGRES

    return sum(POSTGRES.counts(query).values())


def count_plain(query):
    return ask_plain(query)[0]


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
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="realistic")
    parser.add_argument(
        "--no-record",
        dest="record",
        action="store_false",
        help="leave docs/performance.md alone",
    )
    options = parser.parse_args()

    django.setup()
    from django.db import connection

    corpus = CORPORA[options.corpus]()
    rng = random.Random(2026)
    asked = [corpus.query(rng) for _ in range(options.queries)]

    from benchmarks import record

    facts = record.machine_facts()
    creation = connection.creation
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        index_portal(documents(options.documents, corpus, random.Random(1)))
        portal_indexing = time.perf_counter() - started
        started = time.perf_counter()
        index_plain(documents(options.documents, corpus, random.Random(1)))
        plain_indexing = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_search_entry")
        print(
            f"{options.documents:,} {corpus.name} documents indexed: portal "
            f"{portal_indexing:.1f} s, plain {plain_indexing:.1f} s "
            f"({portal_indexing / plain_indexing:.1f}×)"
        )

        # One round each before timing, so neither pays for a cold cache.
        latencies(ask_plain, asked[:20])
        latencies(ask_portal, asked[:20])
        plain = latencies(ask_plain, asked)
        portal = latencies(ask_portal, asked)
        matched = [(count_plain(query), count_portal(query)) for query in asked]
    finally:
        creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)

    for name, share in (("median", 50), ("p95", 95)):
        print(
            f"documents matched per query ({name}): plain "
            f"{percentile([p for p, _ in matched], share):,.0f}, portal "
            f"{percentile([q for _, q in matched], share):,.0f}"
        )
    rows = []
    for name, share in (("p50", 50), ("p95", 95)):
        base, ours = percentile(plain, share), percentile(portal, share)
        print(
            f"{name}: plain ranked tsvector {base * 1000:.1f} ms, portal "
            f"{ours * 1000:.1f} ms ({ours / base:.1f}×)"
        )
        rows.append(
            [
                name,
                f"{ours * 1000:.1f} ms",
                f"{base * 1000:.1f} ms",
                f"{ours / base:.2f}",
            ]
        )
    if options.record:
        record_run(options, facts, rows)


def record_run(options, facts, rows):
    from benchmarks import record

    setting = (
        f"Corpus: {options.documents:,} {options.corpus} documents, "
        f"{options.queries} queries; baseline: a ranked `plainto_tsquery` on a "
        "plain tsvector of the same texts. Target: p95 at most 2 × the baseline."
    )
    headings = ["", "portal", "plain ranked tsvector", "× baseline"]
    table = record.markdown_table(headings, rows)
    record.append_run(
        "Site-wide search", facts, setting, table, record.command_line("search.py")
    )


if __name__ == "__main__":
    main()
