"""Answering a query from the PostgreSQL index.

Every word of the query must be found, in any of its dictionary readings or
their synonyms (search.asking): "води" asks for "вода" or "водити". Results are ranked by PostgreSQL's
ts_rank over the weighted words, titles first; cover density, which also
weighs how close the words stand, cost half as much again per query
(benchmarks/search.py).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import F

from search.analysis import readings, words
from search.asking import MOST_WORDS, asked, widened
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


def find(query, types=None):
    """Entries holding every word of ``query``, best first."""
    text = tsquery(query)
    if not text:
        return Entry.objects.none()
    wanted = SearchQuery(text, search_type="raw", config="simple")
    entries = Entry.objects.filter(words=wanted)
    if types:
        entries = entries.filter(type__in=types)
    # A type's boost says how much a match of it is worth (search.registry).
    return entries.annotate(rank=SearchRank(F("words"), wanted) * F("boost")).order_by(
        "-rank", "-date", "pk"
    )


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


#: How alike (0–1, by trigrams) a known word must be to be offered instead.
ALIKE = 0.35


def corrected(query):
    """``query`` with each word the index does not know replaced by the most
    alike word it does, or "" when nothing needs or can be corrected."""
    typed = words(query)[:MOST_WORDS]
    known = set(
        Word.objects.filter(
            text__in={form for word in typed for form in readings(word)}
        ).values_list("text", flat=True)
    )
    fixed, changed = [], False
    for word in typed:
        if known & set(readings(word)) or word.isdigit():
            fixed.append(word)
            continue
        alike = (
            Word.objects.annotate(likeness=TrigramSimilarity("text", word))
            .filter(likeness__gte=ALIKE)
            .order_by("-likeness", "text")
            .values_list("text", flat=True)
            .first()
        )
        fixed.append(alike or word)
        changed = changed or bool(alike)
    return " ".join(fixed) if changed else ""
