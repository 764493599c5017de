"""The main menu's items, kept in the cache between an editor's changes.

Every page shows the menu, signed-in or not, and reading it costs the page
three queries (the site's home page, its children in the menu, their view
restrictions). The items are kept under the versions of the public page
cache's ``chrome`` and ``all`` tags (:mod:`cms.pagecache.tags`), which that
cache already makes stale whenever the menu can change: a page at the top of
a site published, withdrawn, moved, renamed or restricted, or a site changed.
The versions are taken before the pages are read, so a change committed
meanwhile leaves the entry stale at once. ``PUBLIC_PAGE_CACHE_SECONDS``
bounds how long it is kept; 0 reads the menu on every request.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from cms.pagecache import tags

KEY_PREFIX = "menu:"
DEPENDS_ON = [tags.EVERYTHING, tags.CHROME]


@dataclass(frozen=True)
class MenuItem:
    """A page of the main menu as the header writes it."""

    title: str
    url: str


def read_items(site, request):
    return [
        MenuItem(page.title, page.get_url(request))
        for page in site.root_page.get_children().live().public().in_menu()
    ]


def menu_items(site, request):
    """The site's menu pages, from the cache while no editor changed them."""
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    if timeout <= 0:
        return read_items(site, request)

    # The address decides whether a page's URL is written with its host.
    where = [str(site.pk), request.get_host().lower(), get_language() or ""]
    key = KEY_PREFIX + hashlib.sha256("\n".join(where).encode()).hexdigest()
    entry = cache.get(key)
    if entry is not None and tags.current_versions(DEPENDS_ON) == entry["versions"]:
        return entry["items"]

    versions = tags.versions_for_rendering(DEPENDS_ON)
    items = read_items(site, request)
    cache.set(key, {"versions": versions, "items": items}, timeout)
    return items
