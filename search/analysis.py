"""Ukrainian text as both the index and a query see it: lower-case words in
their dictionary form, so that "тарифів" meets "тариф" and "воду" meets "вода".

The same functions serve indexing and searching, in every backend, so the
two always agree on what a word is. A word that may be read two ways keeps
both ("води" is a form of "вода" and of "водити"): the index holds every
reading, and a query matches any of a word's readings. Apostrophes are written in several ways
(’ ʼ ' `); the dictionary knows only one. Ґ stays apart from Г: they are
different letters, and "ґанок" is not "ганок".

Enterprises here are named by joining words the dictionary knows into one
it does not: "Павлоградводоканал". Such a word is also read as its parts,
so "водоканал" finds the provider.
"""

import re
from functools import lru_cache

import pymorphy3

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})
# A word is letters, joined inside by apostrophes or hyphens; numbers stand alone.
WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|\d+")
# How many distinct words keep their dictionary form in memory.
REMEMBERED_WORDS = 200_000
# The shortest part a joined name is read apart into: "місто" is, "по" is not.
SHORTEST_PART = 5


@lru_cache(maxsize=1)
def dictionary():
    return pymorphy3.MorphAnalyzer(lang="uk")


def words(text):
    """The words of ``text``, lower-case, with one kind of apostrophe."""
    return WORD.findall((text or "").lower().translate(APOSTROPHES))


@lru_cache(maxsize=REMEMBERED_WORDS)
def readings(word):
    """The dictionary forms a lower-case word may stand for, likeliest first;
    an unknown word or a number stands for itself."""
    if word.isdigit():
        return (word,)
    try:
        parsed = dictionary().parse(word)
    except ValueError:
        # The dictionary looks up each letter's Unicode name, and a few
        # letters have none (U+180D4, a Tangut component): such a word, in a
        # query or a post, stands for itself rather than failing the page.
        return (word,)
    forms = dict.fromkeys(parse.normal_form for parse in parsed)
    for part in parts(word):
        forms.update(dict.fromkeys(readings(part)))
    return tuple(forms) or (word,)


def parts(word):
    """The two known words an unknown ``word`` is joined from, or ()."""
    known = dictionary().word_is_known
    if len(word) < 2 * SHORTEST_PART or "-" in word or known(word):
        return ()
    for cut in range(SHORTEST_PART, len(word) - SHORTEST_PART + 1):
        head, tail = word[:cut], word[cut:]
        if known(head) and known(tail):
            return (head, tail)
    return ()


def lemmas(text):
    """Each word of ``text`` as the tuple of its readings, in order."""
    return [readings(word) for word in words(text)]


def analysed(text):
    """``text`` as one line of every reading of every word, for an index."""
    return " ".join(form for forms in lemmas(text) for form in forms)


#: Characters of a title or body indexed: a forum post is at most 20,000, and
#: a document's words must stay far below PostgreSQL's 1 MB tsvector.
MOST_INDEXED = 50_000


def indexed(text):
    """The index line of a document's field, its text cut at MOST_INDEXED."""
    return analysed((text or "")[:MOST_INDEXED])
