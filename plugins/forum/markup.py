"""Posts are written in Markdown and shown as a short list of safe HTML.

Markdown first escapes any HTML a resident typed, then the result is cleaned
against an allow-list, so neither a tag nor a link that slipped through the
Markdown step can carry a script, an event handler or a dangerous address.
Images are not allowed: an outside picture would tell its host who reads the
forum.
"""

import markdown2
import nh3

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
# Links lead away from the portal: search engines are not to follow them, the
# opened page gets no handle back to ours, and they are marked as posted by users.
LINK_REL = "nofollow noopener ugc"


def render(text, **kwargs):
    """The HTML of a post's Markdown ``text``, safe to put on a page as is.

    The engine stores the result beside the text when the post is saved.
    """
    html = markdown2.markdown(
        text or "", safe_mode="escape", extras={"break-on-newline": True}
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )
