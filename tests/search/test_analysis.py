"""The Ukrainian analyser: word forms meet, apostrophes agree, ґ stays ґ."""

import pytest

from search.analysis import analysed, lemmas, readings, words


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("тарифів", "тариф"),
        ("воду", "вода"),
        ("Води", "вода"),
        ("комуналку", "комуналка"),
        ("гарячої", "гарячий"),
        ("сім’ї", "сім'я"),
    ],
)
def test_a_word_form_meets_its_dictionary_form(typed, indexed):
    (typed_readings,) = lemmas(typed)
    (indexed_readings,) = lemmas(indexed)
    assert set(typed_readings) & set(indexed_readings)


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "‘", "`"])
def test_every_apostrophe_is_one(apostrophe):
    assert words(f"м{apostrophe}ясо") == ["м'ясо"]
    assert "сім'я" in lemmas(f"сім{apostrophe}ї")[0]


def test_g_with_upturn_is_never_folded_into_g():
    # The dictionary may read a "г" spelling as the "ґ" word; the analyser
    # itself never turns one letter into the other.
    assert lemmas("ґанок") == [("ґанок",)]
    assert words("Ґудзик") == ["ґудзик"]


def test_an_ambiguous_word_keeps_every_reading():
    assert {"вода", "водити"} <= set(lemmas("води")[0])


def test_the_index_line_holds_every_reading_in_order():
    assert analysed("Тарифи на воду, 2026!").split()[-1] == "2026"
    assert {"тариф", "на", "вода"} <= set(analysed("Тарифи на воду, 2026!").split())


def test_unknown_words_and_numbers_are_kept():
    assert lemmas("Теплоенерго 51400") == [("теплоенерго",), ("51400",)]


def test_a_name_joined_from_known_words_is_also_read_as_its_parts():
    assert readings("павлоградводоканал") == (
        "павлоградводоканал",
        "павлоград",
        "водоканал",
    )
    # A known word is never cut, nor a short unknown one.
    assert readings("водопостачання") == ("водопостачання",)
    assert readings("водобанк") == ("водобанк",)


def test_hyphenated_words_stay_whole():
    assert words("будь-ласка Івано-Франківськ") == ["будь-ласка", "івано-франківськ"]


def test_a_letter_without_a_unicode_name_is_a_word_of_its_own():
    # Found by the form fuzzing: the dictionary failed on it and the site's
    # search answered 500.
    assert lemmas("вода \U000180d4") == [("вода",), ("\U000180d4",)]
