"""The site-wide search page."""

from urllib.parse import unquote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from search import registry
from search.backend import LISTED_AT_MOST, Results, answer
from search.finding import corrected
from search.snippets import highlighted

RESULTS_PER_PAGE = 20
#: Titles offered under the header's box while typing.
SUGGESTED = 8


@require_http_methods(["GET", "HEAD"])
def results(request):
    """Everything public that holds the query's words, best first, with a
    count per type to narrow the list.

    Who may see it: anyone; the index holds only what anyone may see.
    """
    query = request.GET.get("q", "").strip()[:200]
    types = {searchable.key: searchable for searchable in registry.registered()}
    labels = {key: searchable.label for key, searchable in types.items()}
    chosen = request.GET.get("type", "")
    chosen = chosen if chosen in labels else ""

    found = Results(query, [chosen] if chosen else None)
    counts = found.counts()
    page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    shown = [
        (
            entry,
            _label(types, entry),
            highlighted(entry.body, query),
            _in_language(entry),
        )
        for entry in page
    ]

    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "page": page,
            "shown": shown,
            "chosen": chosen,
            "types": [
                (key, labels[key], counts[key]) for key in labels if key in counts
            ],
            "total": sum(counts.values()),
            # A broad query lists its best among the newest matches only.
            "listed_at_most": LISTED_AT_MOST if found.found() > LISTED_AT_MOST else 0,
            # Only a query that found nothing is second-guessed.
            "instead": corrected(query) if query and not counts else "",
        },
    )


def _in_language(entry):
    """The entry's address in the visitor's language: the index keeps the
    site's default one, and an English visitor should stay in English."""
    if not entry.url or get_language() == settings.LANGUAGE_CODE:
        return entry.url
    path, _, anchor = entry.url.partition("#")

    # The stored address resolves only in the language it was made in.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(unquote(path))
        except Resolver404:
            return entry.url
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    try:
        translated = reverse(name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return entry.url
    return f"{translated}#{anchor}" if anchor else translated


def _label(types, entry):
    searchable = types.get(entry.type)
    return searchable.label_of(entry.kind) if searchable else entry.type


@require_http_methods(["GET", "HEAD"])
def suggestions(request):
    """Titles for the header's search box while a visitor types, as JSON.

    Who may see it: anyone; only public entries are in the index.
    """
    typed = request.GET.get("q", "").strip()[:100]
    found = answer("suggest", typed, SUGGESTED * 3) if len(typed) >= 2 else []
    return JsonResponse({"suggestions": _one_per_title(found)[:SUGGESTED]})


def _one_per_title(found):
    """The first of entries sharing a title: a topic's replies, or a tariff's
    earlier rates, would otherwise fill the list with the same words."""
    titles = {}
    for entry in found:
        titles.setdefault(entry["title"], entry)
    return list(titles.values())
