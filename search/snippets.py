"""A result's few lines, with the words the query asked for marked.

Marking is done on readings, not on spelling: a query for "вода" marks
"води" and "воду" in the text, and "оплатити" marks "сплатити", as the index
matched them.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.analysis import APOSTROPHES, WORD, readings
from search.asking import asked

#: Words shown around the first marked one.
WINDOW = 30

#: Words of a long text looked through for the first asked one; past them
#: the snippet shows the start, as a page of results must not read books.
LOOKED_THROUGH = 2_000


def wanted(query):
    return {form for forms in asked(query) for form in forms}


def highlighted(text, query, window=WINDOW):
    """Safe HTML: about ``window`` words of ``text`` around the first word the
    query asked for, those words in <mark>."""
    looked_for = wanted(query)
    words = (text or "").split()
    first = next(
        (
            index
            for index, word in enumerate(words[:LOOKED_THROUGH])
            if _asked(word, looked_for)
        ),
        0,
    )
    start = max(0, first - window // 3)
    shown = words[start : start + window]

    pieces = [_marked(word, looked_for) for word in shown]
    lead = "… " if start else ""
    tail = " …" if start + window < len(words) else ""
    return mark_safe(lead + " ".join(pieces) + tail)


def _marked(token, looked_for):
    """``token`` escaped, each asked word in it marked, its punctuation not."""
    # One apostrophe for another keeps every position in place.
    plain = token.lower().translate(APOSTROPHES)
    pieces, done = [], 0
    for match in WORD.finditer(plain):
        if set(readings(match.group())) & looked_for:
            start, end = match.span()
            pieces += [
                escape(token[done:start]),
                f"<mark>{escape(token[start:end])}</mark>",
            ]
            done = end
    return "".join(pieces) + escape(token[done:])


def _asked(word, looked_for):
    found = WORD.findall(word.lower().translate(APOSTROPHES))
    return any(set(readings(token)) & looked_for for token in found)
