"""Declaring a Wagtail page type searchable in one call.

A page is found while it is live and public: unpublishing it, restricting it
by a password, a login or a group, or deleting it takes it out of the index.
"""

from wagtail.models import Page, PageViewRestriction

from search import registry
from search.registry import SearchDocument, Trigger


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

    return registry.register(
        model,
        key=key,
        label=label,
        weights={"title": "A", "body": "B"},
        visible=lambda: model.objects.live().public(),
        document=document,
        triggers=(Trigger(PageViewRestriction, stale=_restricted(model)),),
        boost=boost,
        kinds=kinds,
    )


def _restricted(model):
    def stale(restriction):
        # A restriction reaches the page it is set on and every page below it.
        pages = Page.objects.descendant_of(restriction.page, inclusive=True)
        return list(
            model.objects.filter(pk__in=pages.values("pk")).values_list("pk", flat=True)
        )

    return stale
