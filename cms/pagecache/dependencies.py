"""Which tags a page is rendered from, and which tags a change makes stale.

A page type takes part by declaring, on its model:

``page_cache_tags(self)``
    the tags of what it shows besides itself and the site's chrome
    (see :mod:`cms.pagecache.tags`); a type without it is never cached, so a
    new page type is rendered every time until its author says what it lists.
``page_cache_query(self, params)``, optional
    whether a query string (``{name: value}``) may be cached: it must have
    a bounded number of values. Without it only the bare path is cached.
``page_cache_keeps(self, context)``, optional
    whether a rendering may be kept, e.g. only pages of a list that exist.
``page_cache_expires(self, context)``, optional
    when what the page shows turns with the clock, the moment it does.
"""

import re
from urllib.parse import parse_qsl, urlencode

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from cms.pagecache.tags import (
    CHROME,
    EVERYTHING,
    children_tag,
    model_tag,
    page_tag,
    type_tag,
)

#: A page number in a query string: a list is never longer than this many pages.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")


def shown_models():
    """Models whose objects public pages show; their changes are watched."""
    from cms.directory.models import BankBranch, Provider, Service
    from cms.tariffs.models import Tariff, TariffCostItem

    return [Provider, Service, BankBranch, Tariff, TariffCostItem]


def shown_tags(page):
    """Tags an entry of ``page`` depends on, or None when its type is not cached."""
    declared = getattr(page, "page_cache_tags", None)
    if declared is None:
        return None
    return [EVERYTHING, CHROME, page_tag(page.pk), *declared()]


def accepts_query(page, query_string):
    """Whether ``page`` may be cached with this query string: none, or one
    written in a single canonical order that the page type accepts."""
    if not query_string:
        return True
    accept = getattr(page, "page_cache_query", None)
    if accept is None:
        return False

    params = parse_qsl(query_string, keep_blank_values=True)
    names = [name for name, _value in params]
    # Any other spelling of the same query would be one more entry.
    if len(set(names)) != len(names) or urlencode(sorted(params)) != query_string:
        return False
    return accept(dict(params))


def keeps(page, context):
    """Whether the page's type lets this rendering be kept."""
    keep = getattr(page, "page_cache_keeps", None)
    return keep(context or {}) if keep else True


def expires_at(page, context):
    """When the rendered page turns stale by itself, or None."""
    expires = getattr(page, "page_cache_expires", None)
    return expires(context or {}) if expires else None


def changed_page_tags(page):
    """Tags a page's publication or withdrawal makes stale: its own content,
    lists of its type, its parent's list of children and, for a page at the
    top of a site, the menu."""
    parent_id = _parent_id(page)
    tags = {page_tag(page.pk), type_tag(page.specific_class), children_tag(parent_id)}
    if _is_site_root(parent_id):
        tags.add(CHROME)
    return tags


def changed_branch_tags(page, *parent_ids):
    """Tags made stale when every page of a branch changes its address or who
    may see it: each page's as for a publication, the branch's parent (and the
    ones given, such as the parent it moved from)."""
    tags = set()
    branch = Page.objects.descendant_of(page, inclusive=True).values_list(
        "pk", "content_type_id"
    )
    for pk, content_type_id in branch:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        tags |= {page_tag(pk), children_tag(pk)}
        if model is not None:
            tags.add(type_tag(model))

    for parent_id in {_parent_id(page), *parent_ids}:
        tags.add(children_tag(parent_id))
        if _is_site_root(parent_id):
            tags.add(CHROME)
    return tags


def changed_object_tags(instance):
    """Tags a change of an object shown on public pages makes stale."""
    model = type(instance)
    return {model_tag(model), model_tag(model, instance.pk)}


def _parent_id(page):
    parent = page.get_parent()
    return parent.pk if parent else None


def _is_site_root(page_id):
    return page_id is not None and Site.objects.filter(root_page_id=page_id).exists()
