from wagtail import hooks

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
    if page.get_view_restrictions().exists():
        return None

    request.page_cache_rendering = Rendering(page, tags.versions_for_rendering(shown))
    return None
