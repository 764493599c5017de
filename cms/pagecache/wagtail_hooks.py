from wagtail import hooks
from wagtail.models import Page

from cms.pagecache import dependencies, tags
from cms.pagecache.entries import Rendering


@hooks.register("before_serve_page")
def note_page_for_the_cache(page, request, serve_args, serve_kwargs):
    """Mark the page for the cache when the request and the page allow it,
    taking its tags' versions before it renders.

    Runs before Wagtail's own check of view restrictions (apps listed earlier
    register earlier), so it looks at them itself: a restricted page is
    never cached.
    """
    if getattr(request, "page_cache_key", None) is None:
        return None
    if getattr(request, "is_preview", False):
        return None

    shown = dependencies.shown_tags(page)
    if shown is None:
        return None
    if not dependencies.accepts_query(page, request.META.get("QUERY_STRING", "")):
        return None

    versions = tags.versions_for_rendering(shown)
    # Read after the versions: a change committed before them shows here, one
    # committed after them leaves the entry stale. The page itself was read
    # when the request was routed, before the versions.
    if page.get_view_restrictions().exists() or not unchanged_since(page):
        return None

    request.page_cache_rendering = Rendering(page, versions)
    return None


def unchanged_since(page):
    """Whether the page is still live at its address in the revision routed."""
    return Page.objects.filter(
        pk=page.pk,
        live=True,
        url_path=page.url_path,
        last_published_at=page.last_published_at,
    ).exists()
