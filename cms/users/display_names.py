"""What a display name may hold, so that no one can pass for someone else.

Residents find each other, and read posts and messages, by these names. A
name another one only seems to equal would let anyone pass for anyone: an
invisible character, a letter built of two code points, or a Latin letter
standing in for its Cyrillic twin ("C" for "С") would each slip past the
uniqueness check while looking the same on the page.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Characters that show nothing or steer the text: zero-width spaces and
# joiners, soft hyphens, direction marks, controls.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
SCRIPTS = ("CYRILLIC", "LATIN")


def normalised(name):
    """One way of writing what the name shows: composed letters, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name or "").split())


def validate_display_name(name):
    for char in name:
        if unicodedata.category(char) in INVISIBLE_CATEGORIES or (
            char.isspace() and char != " "
        ):
            raise ValidationError(
                _("The name holds an invisible character (%(code)s); remove it.")
                % {"code": f"U+{ord(char):04X}"},
                code="invisible",
            )
    if unicodedata.normalize("NFC", name) != name:
        raise ValidationError(
            _("Type the name's letters again: some are built of two characters."),
            code="decomposed",
        )
    if len(scripts_of(name)) > 1:
        raise ValidationError(
            _("Write the name in Cyrillic or in Latin letters, not in both."),
            code="mixed_scripts",
        )


def scripts_of(name):
    return {
        script
        for char in name
        if char.isalpha()
        for script in SCRIPTS
        if unicodedata.name(char, "").startswith(script)
    }
