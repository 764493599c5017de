"""The words of stored HTML, for the index and for result snippets."""

import html
import re

import nh3

# A space before each block keeps the last word of a paragraph apart.
BLOCK_TAG = re.compile(
    r"<(/?)(p|br|hr|li|ul|ol|pre|blockquote|div|h[1-6]|tr|td|th)\b", re.I
)


def html_text(markup):
    """Plain text of ``markup``: no tags, entities read, spaces collapsed."""
    spaced = BLOCK_TAG.sub(r" <\1\2", markup or "")
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())


def joined(*parts, separator=" "):
    """Several texts as one, skipping the empty ones."""
    return separator.join(part for part in parts if part)
