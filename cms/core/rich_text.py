"""Editors' rich text is stored cleaned to what Wagtail's editor writes.

The editor in the admin turns what is pasted into its own short list of
blocks and marks, but a rich text field saved another way (a script, the
shell, an import, a form of a later plugin) keeps whatever HTML it was given,
and Wagtail's ``richtext`` filter and its API pass it on as it is. Every
rich text field of every model is therefore cleaned when saved, against the
tags and attributes of Wagtail's stored format: a script, an event handler,
a ``javascript:`` or ``data:`` link, a style, a frame or a form is dropped,
and what the editor wrote reads back unchanged.
"""

import functools
import logging
import re

import nh3
from django.db.models.signals import pre_save
from wagtail.fields import RichTextField

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "b",
    "i",
    "strong",
    "em",
    "u",
    "s",
    "sub",
    "sup",
    "code",
    # The demo's notes under a news item; harmless, though the editor has no
    # button for it.
    "small",
    "blockquote",
    "ol",
    "ul",
    "li",
    "hr",
    "br",
    "a",
    # Wagtail's stored stand-in for an image or a video from a known host;
    # it becomes markup only when the page is shown.
    "embed",
}
ALLOWED_ATTRIBUTES = {
    # The editor's key of each block, which keeps comments on it in place.
    "*": {"data-block-key"},
    # A link to a page or a document is stored by its id, not its address.
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# The cleaner writes void tags as HTML does, <br>; the editor reads its stored
# format as XML-like, <br/>, and fails on an unclosed tag. Attribute values
# come out double-quoted, so a ">" inside one does not end the match.
VOID_TAG = re.compile(r'<(br|hr|embed)((?:\s+[^\s"=>/]+(?:="[^"]*")?)*)\s*/?>')


def clean(html):
    """``html`` in Wagtail's stored rich text format, with nothing active left."""
    if not html:
        return html
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        # Links are the editors' own; no rel is added to what they saved.
        link_rel=None,
    )
    return VOID_TAG.sub(r"<\1\2/>", cleaned)


# Every save of every model asks; the answer per model never changes.
@functools.cache
def rich_text_fields(model):
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, RichTextField)
    )


def clean_before_saving(sender, instance, raw=False, **kwargs):
    # A fixture being loaded is taken as it was dumped.
    if raw:
        return
    for field in rich_text_fields(sender):
        value = getattr(instance, field.attname)
        cleaned = clean(value)
        if cleaned != value:
            # Which field, never its text: an editor's draft is not for logs.
            logger.info(
                "rich text of %s.%s cleaned on save", sender._meta.label, field.name
            )
            setattr(instance, field.attname, cleaned)


def connect():
    pre_save.connect(clean_before_saving, dispatch_uid="portal-rich-text-clean")
