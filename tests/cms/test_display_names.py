"""A display name shows what it holds: no one passes for someone else."""

import pytest
from django.core.exceptions import ValidationError

from cms.users.display_names import normalised, validate_display_name


@pytest.mark.parametrize(
    "name",
    ["Олена К.", "Petro S.", "Сусід демо", "Мар'яна-2", "Їжак Ґудзик"],
)
def test_ordinary_names_pass(name):
    validate_display_name(name)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Олена\u200b К.", "invisible"),
        ("Олена\u2060 К.", "invisible"),
        ("Оле\u00adна К.", "invisible"),
        ("Олена\u202e К.", "invisible"),
        ("Олена\u00a0К.", "invisible"),
        ("Сергі\u0438\u0306", "decomposed"),
        ("Cусід демо", "mixed_scripts"),
        ("Олена K.", "mixed_scripts"),
    ],
)
def test_a_name_that_only_looks_like_another_is_refused(name, code):
    with pytest.raises(ValidationError) as refusal:
        validate_display_name(name)

    assert refusal.value.code == code


def test_the_refusal_names_the_invisible_character():
    with pytest.raises(ValidationError) as refusal:
        validate_display_name("Олена\u200b К.")

    assert "U+200B" in refusal.value.messages[0]


def test_spaces_and_composed_letters_are_written_one_way():
    assert normalised("  Сергі\u0438\u0306   Петренко ") == "Сергій Петренко"
