"""Declaring a Wagtail page type searchable in one call, and following the
page tree for every type whose address or visibility hangs on it.

A page is found while it is live and public: unpublishing it, restricting it
by a password, a login or a group, or deleting it takes it out of the index.
Moving a section or changing its slug gives every page under it a new
address, written by Wagtail in bulk without a signal per page: the types
following the tree are read again under the moved page.
"""

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_slug_changed, post_page_move

from search import registry, sync
from search.registry import SearchDocument, Trigger

#: {type key: stale(page)}: the keys of a type under a moved page, or None.
_followers = {}


def register_pages(
    model, *, key, label, text, date=None, kind=None, kinds=None, boost=1.0
):
    """``text(page)`` gives the page's words besides its title; ``date(page)``
    the date a result shows (the last publication when not given);
    ``kind(page)`` its kind among ``kinds`` ({kind: label})."""

    def document(page):
        return SearchDocument(
            type=key,
            pk=page.pk,
            title=page.title,
            body=text(page),
            url=page.get_url() or "",
            date=date(page) if date else page.last_published_at,
            kind=kind(page) if kind else "",
        )

    searchable = registry.register(
        model,
        key=key,
        label=label,
        weights={"title": "A", "body": "B"},
        visible=lambda: model.objects.live().public(),
        document=document,
        triggers=(Trigger(PageViewRestriction, stale=lambda r: _under(model, r.page)),),
        boost=boost,
        kinds=kinds,
    )
    follow_pages(key, lambda page: _under(model, page))
    return searchable


def listing_triggers(model):
    """Triggers of a type whose objects public pages of ``model`` list:
    publishing, unpublishing or restricting such a page shows or hides them
    all, so the whole type is read again."""
    return (
        Trigger(model, stale=lambda page: None),
        Trigger(PageViewRestriction, stale=lambda restriction: None),
    )


def follow_pages(key, stale):
    """Read type ``key`` again when a page moves or changes its slug:
    ``stale(page)`` gives its keys under that page, or None for all."""
    _followers[key] = stale
    post_page_move.connect(_moved, dispatch_uid="search-page-moved")
    page_slug_changed.connect(_moved, dispatch_uid="search-page-slug-changed")


def _moved(sender, instance, **kwargs):
    for key, stale in _followers.items():
        keys = stale(instance)
        sync.schedule(key, None if keys is None else [str(pk) for pk in keys])


def _under(model, page):
    """Keys of ``model`` pages at ``page`` or below it: a restriction or a
    move reaches the whole branch."""
    pages = Page.objects.descendant_of(page, inclusive=True)
    return list(
        model.objects.filter(pk__in=pages.values("pk")).values_list("pk", flat=True)
    )
