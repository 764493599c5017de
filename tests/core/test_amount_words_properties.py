"""The amount in words on the bill and the certificate, checked on many
amounts: Ukrainian words with the right forms of «гривня» and «копійка», and
never the same words for two different sums."""

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cms.core.pdf import amount_in_words

amounts = st.decimals(
    min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)

quick = settings(max_examples=100, deadline=None, database=None)

UKRAINIAN_LETTERS = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяʼ'- ,")


def plural(number, one, few, many):
    """The Ukrainian form of a noun after ``number``: 1 гривня, 2 гривні, 5 гривень."""
    if number % 10 == 1 and number % 100 != 11:
        return one
    if number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        return few
    return many


def parts(amount):
    hryvnias = int(amount)
    return hryvnias, int((amount - hryvnias) * 100)


@quick
@given(amounts)
def test_the_words_are_ukrainian_and_start_with_a_capital(amount):
    words = amount_in_words(amount)

    assert words[0].isupper()
    assert set(words.lower()) <= UKRAINIAN_LETTERS


@quick
@given(amounts)
def test_hryvnias_then_kopecks_each_in_the_right_form(amount):
    hryvnias, kopecks = parts(amount)

    whole, _, fraction = amount_in_words(amount).partition(", ")

    assert whole.endswith(" " + plural(hryvnias, "гривня", "гривні", "гривень"))
    assert fraction.endswith(" " + plural(kopecks, "копійка", "копійки", "копійок"))
    assert fraction.count(" ") >= 1


@quick
@given(amounts, amounts)
def test_two_different_amounts_never_read_alike(first, second):
    assume(first != second)

    assert amount_in_words(first) != amount_in_words(second)


@quick
@given(amounts)
def test_a_kopeck_more_reads_differently(amount):
    assume(amount < 10**9)

    assert amount_in_words(amount) != amount_in_words(amount + Decimal("0.01"))
