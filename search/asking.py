"""What a query asks for, the same for every backend.

A query is cut into words, each word read in every dictionary form it may
stand for (search.analysis), question words dropped, and each reading joined
by the words residents use for the same thing: "оплатити" finds the page
that says "сплатити", "комуналка" the pages about "комунальні послуги".
"""

from search.analysis import lemmas

#: Words of a query beyond this many are left out: a search box is no essay.
MOST_WORDS = 10

#: Words people add to a question that no page needs to hold for an answer:
#: "де оплатити" asks for pages about paying, not for pages saying "де".
QUESTION_WORDS = frozenset(
    [
        "а",
        "або",
        "але",
        "б",
        "би",
        "не",
        "в",
        "де",
        "до",
        "же",
        "з",
        "за",
        "и",
        "й",
        "і",
        "із",
        "коли",
        "куди",
        "ли",
        "на",
        "о",
        "об",
        "от",
        "по",
        "про",
        "та",
        "той",
        "так",
        "у",
        "чи",
        "що",
        "щоб",
        "скільки",
        "як",
        "який",
        "яка",
        "яке",
        "які",
    ]
)

#: Dictionary forms that ask for the same thing on a communal portal. Each
#: group is searched as one word: any of its forms may answer. Only forms the
#: dictionary gives as normal forms belong here (search.analysis.readings).
SAME_MEANING = (
    ("оплатити", "сплатити", "заплатити", "платити", "оплата", "сплата", "платіж"),
    ("комуналка", "комунальний"),
    ("відключення", "вимкнення", "відключити", "вимкнути"),
    ("лічильник", "водомір", "теплолічильник"),
    ("показник", "показання"),
    ("сміття", "відходи", "відхід"),
    ("каналізація", "водовідведення", "стоки", "стік"),
    ("тепло", "опалення", "теплопостачання"),
    ("квартплата", "утримання"),
    ("вивезти", "вивозити", "вивезення", "вивіз"),
    ("ціна", "вартість", "коштувати"),
)

_SYNONYMS = {form: group for group in SAME_MEANING for form in group}


def widened(forms):
    """``forms`` and every form of the same meaning, without repeats."""
    wider = dict.fromkeys(forms)
    for form in forms:
        wider.update(dict.fromkeys(_SYNONYMS.get(form, ())))
    return tuple(wider)


def asked(query):
    """The forms each word that matters in ``query`` may be found in: every
    word when it holds nothing else, otherwise all but the question words."""
    groups = lemmas(query)[:MOST_WORDS]
    meaningful = [forms for forms in groups if not set(forms) <= QUESTION_WORDS]
    return [widened(forms) for forms in meaningful or groups]
