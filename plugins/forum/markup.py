"""Posts are written in Markdown and shown as a short list of safe HTML.

Markdown first escapes any HTML a resident typed, then the result is cleaned
against an allow-list, so neither a tag nor a link that slipped through the
Markdown step can carry a script, an event handler or a dangerous address.
Images are not allowed: an outside picture would tell its host who reads the
forum.
"""

import html
import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Tags that end a run of words; inline ones (strong, em, a) sit inside a word's run.
BLOCK_TAG = re.compile(r"<(/?)(p|br|hr|li|ul|ol|pre|blockquote|div|h[1-6])\b", re.I)
# Links lead away from the portal: search engines are not to follow them, the
# opened page gets no handle back to ours, and they are marked as posted by users.
LINK_REL = "nofollow noopener ugc"


# CommonMark with any typed HTML shown as text. A CommonMark parser keeps its
# time in step with the text's length: the engine's own Markdown library took
# seconds to minutes over a few kilobytes of unclosed links.
MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True})


def _image_as_its_words(renderer, tokens, index, options, env):
    # No picture and no address of one: only the words the author gave it.
    return html.escape(tokens[index].content)


MARKDOWN.add_render_rule("image", _image_as_its_words)


def render(text, **kwargs):
    """The HTML of a post's Markdown ``text``, safe to put on a page as is.

    The engine stores the result beside the text when the post is saved.
    """
    return nh3.clean(
        MARKDOWN.render(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )


def plain_text(rendered):
    """The words of a post's rendered HTML, for search: no tags, no entities.

    Markup a resident typed is shown on the page as text; it is dropped here
    too, with a script's or style's body, so a search snippet never carries it.
    """
    text = rendered or ""
    # The first pass takes the page's own tags off; the second, the markup that
    # the first one unescaped from what the resident typed.
    for _ in range(2):
        # A space before a block keeps the last word of a paragraph apart.
        text = BLOCK_TAG.sub(r" <\1\2", text)
        text = html.unescape(nh3.clean(text, tags=set()))
    return " ".join(text.split())
