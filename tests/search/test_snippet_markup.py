"""A result's snippet marks the asked words and shows every other mark of
markup as text: the snippet is put on the page as HTML."""

import pytest

from search.snippets import highlighted
from tests.security.hostile_html import PAYLOADS, active_markup


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_around_an_asked_word_stays_text(payload):
    snippet = highlighted(f"{payload} вода {payload}", "вода")

    assert active_markup(str(snippet)) == []
    assert "<mark>вода</mark>" in snippet


def test_an_asked_word_inside_markup_is_marked_as_text():
    snippet = highlighted('<a href="javascript:вода">вода</a>', "вода")

    assert active_markup(str(snippet)) == []
    assert "&lt;a" in snippet
