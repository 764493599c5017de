"""Public pages served to anonymous visitors from Django's cache.

What is cached
    A Wagtail page served by GET to a visitor without a session or a
    message cookie, answered 200 without setting a cookie, and whose page type
    declares what it shows (``page_cache_tags``). Pages under a view
    restriction, responses that used a CSRF token, previews, POSTs and query
    strings the page type does not accept are rendered every time.

How an entry is found (middleware.py)
    The key is the request alone: scheme, host (the kiosk's host renders its
    own chrome, another host may be another Wagtail site), language and path
    with the query. A hit is two cache reads and no database query.

How an entry goes stale (tags.py, dependencies.py)
    Each entry remembers the *tags* it was rendered from, with the version
    each tag had before rendering began: ``page:<id>`` for the page itself,
    ``chrome`` for what every page shows (menu, footer, site name), ``all``
    for a full clear, and the tags its page type declares, e.g. the news index
    shows ``children:<its id>``, the home page ``type:news.newspage``, the
    provider directory ``model:directory.provider``. An entry is served only
    while every one of its tags still has that version.

    An editor's change gives new versions to the tags it makes stale, once
    the transaction commits (signal_handlers.py): publishing or unpublishing
    a page makes stale its own tag, its type's tag and its parent's children
    tag (plus ``chrome`` for a page at the top of a site, where the menu
    lists it); moving it, changing its slug or its view restrictions does
    the same for every page of the branch; saving or deleting a provider,
    service, tariff or bank branch its model's tag and its own. A revision
    saved without publishing changes nothing anyone sees, so nothing.

    Nothing is deleted: a stale entry is left to its time-to-live,
    ``PUBLIC_PAGE_CACHE_SECONDS`` (0 turns the cache off), shortened for
    pages whose content turns with the clock (the home page's current
    outages, the tariffs in force today).
"""
