"""Answering a query from the PostgreSQL index.

Every word of the query must be found, in any of its dictionary readings or
their synonyms (search.asking): "води" asks for "вода" or "водити". Results
are ranked by PostgreSQL's ts_rank over the weighted words, titles first,
times the type's boost; cover density, which also weighs how close the words
stand, cost half as much again per query (benchmarks/search.py).

Ranking reads every candidate's words, and a common word is in tens of
thousands of documents. So a query is ranked among its RANKED_AT_MOST newest
matches and every match of a boosted type (the tariff pages, the payment
page, providers), and the index is read through its GIN index, whose matches
are exact and need no document's words (see ``index_only``).
"""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Count, F

from search.analysis import readings, words
from search.asking import MOST_WORDS, QUESTION_WORDS, asked, widened
from search.models import Entry, Word


def tsquery(query):
    """PostgreSQL's tsquery text for ``query``, or "" when it holds no word.

    Each reading is quoted as a lexeme, so nothing a visitor types is read as
    the query language's own operators.
    """
    groups = []
    for forms in asked(query):
        quoted = " | ".join(_lexeme(form) for form in forms)
        groups.append(f"({quoted})")
    return " & ".join(groups)


#: How many of a query's newest matches are ranked, beside the boosted ones.
RANKED_AT_MOST = 1000


def matching(query, types=None):
    """Entries holding every word of ``query``, in no order; None when the
    query holds no word."""
    text = tsquery(query)
    if not text:
        return None
    entries = Entry.objects.filter(
        words=SearchQuery(text, search_type="raw", config="simple")
    )
    return entries.filter(type__in=types) if types else entries


def find(query, types=None):
    """The entries of ``query`` worth ranking, best first: its newest
    RANKED_AT_MOST matches and every boosted match. Run inside
    ``index_only()``."""
    entries = matching(query, types)
    if entries is None:
        return Entry.objects.none()
    wanted = SearchQuery(tsquery(query), search_type="raw", config="simple")
    newest = entries.order_by(F("date").desc(nulls_last=True), "-pk").values("pk")
    boosted = entries.filter(boost__gt=1).values("pk")
    candidates = newest[:RANKED_AT_MOST].union(boosted)
    entries = Entry.objects.filter(pk__in=candidates)
    # A type's boost says how much a match of it is worth (search.registry).
    return entries.annotate(rank=SearchRank(F("words"), wanted) * F("boost")).order_by(
        "-rank", "-date", "pk"
    )


def counted(query):
    """{type: entries holding every word of ``query``}. Run inside
    ``index_only()``."""
    entries = matching(query)
    if entries is None:
        return {}
    rows = entries.order_by().values_list("type").annotate(n=Count("pk"))
    return dict(rows)


@contextmanager
def index_only():
    """Read matches from the GIN index, never by testing each row's words.

    For a word in a large share of the index, the planner prefers reading the
    whole table and testing each row's words, which are stored apart (TOAST)
    and cost a read each: ten times the index's bitmap, whose tsvector
    matches are exact and never rechecked (benchmarks/search.py).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def prefix_tsquery(query):
    """Like tsquery, but the last word may be unfinished: it matches any word
    that begins with it, as typed, for suggestions while typing."""
    typed = words(query)[:MOST_WORDS]
    if not typed:
        return ""
    whole = [
        "(" + " | ".join(_lexeme(form) for form in widened(readings(word))) + ")"
        for word in typed[:-1]
    ]
    return " & ".join([*whole, _lexeme(typed[-1]) + ":*"])


def suggest(query, limit=8):
    """Titles of the best entries for what has been typed so far."""
    text = prefix_tsquery(query)
    if not text:
        return []
    wanted = SearchQuery(text, search_type="raw", config="simple")
    return list(
        Entry.objects.filter(words=wanted)
        .annotate(rank=SearchRank(F("words"), wanted))
        .order_by("-rank", "title")
        .values("title", "url", "type")[:limit]
    )


def _lexeme(word):
    return "'" + word.replace("'", "''") + "'"


#: How alike (0–1, by trigrams) a known word must be to be offered instead:
#: PostgreSQL's own threshold for the indexed "%" operator. The index knows
#: dictionary forms, so a misspelt inflected word ("тарыфи") is compared
#: with its bare form ("тариф").
ALIKE = 0.3

#: The shortest word a correction is offered for.
SHORTEST_CORRECTED = 3

#: Unknown words of one query looked up: each is a trigram search.
MOST_CORRECTED = 3

#: Alike words tried for one unknown word, best first.
CANDIDATES = 5


def keep_as_typed(word):
    """Numbers, question words and words too short to be told from another
    ("на" is not a misspelt "наш") are never corrected."""
    return word.isdigit() or word in QUESTION_WORDS or len(word) < SHORTEST_CORRECTED


def corrected(query):
    """``query`` with each word the index does not know replaced by the most
    alike word it does, or "" when nothing needs or can be corrected."""
    typed = words(query)[:MOST_WORDS]
    known = set(
        Word.objects.filter(
            text__in={form for word in typed for form in readings(word)}
        ).values_list("text", flat=True)
    )
    unknown = [
        word
        for word in typed
        if not keep_as_typed(word) and not known & set(readings(word))
    ][:MOST_CORRECTED]
    instead = {word: alike(word) for word in unknown}
    if not any(instead.values()):
        return ""
    return " ".join(instead.get(word) or word for word in typed)


def alike(word):
    """The known word most like ``word`` that a public entry still holds."""
    candidates = (
        Word.objects.filter(text__trigram_similar=word)
        .annotate(likeness=TrigramSimilarity("text", word))
        .order_by("-likeness", "text")
        .values_list("text", flat=True)[:CANDIDATES]
    )
    for candidate in candidates:
        # The list of words only grows between full reindexes; a word of a
        # hidden or deleted text must not be offered.
        held = SearchQuery(_lexeme(candidate), search_type="raw", config="simple")
        if Entry.objects.filter(words=held).exists():
            return candidate
    return ""
