"""The city's news as feeds anyone may follow: RSS and Atom for feed readers,
all news or one kind of it."""

from datetime import datetime, time
from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cms.core.context_processors import site_name
from cms.news.models import NewsIndexPage, NewsKind, NewsPage
from search.text import html_text

#: Items a feed carries, newest first.
FEED_SIZE = 30

#: Characters of a story's text an item carries when it has no summary.
LEAD = 300


class Wanted(NamedTuple):
    """What one request for a feed asks: a kind (None for all), on a site."""

    kind: str | None
    site: str


def published(kind=None):
    """News anyone may read, newest first, of one kind or of all."""
    items = NewsPage.objects.live().public().newest_first()
    return items.filter(kind=kind) if kind else items


class NewsFeed(Feed):
    """RSS 2.0 of the city's news.

    Who may see it: anyone; it lists only live, public pages.
    """

    def get_object(self, request, kind=None):
        if kind is not None and kind not in NewsKind.values:
            raise Http404("No such kind of news.")
        return Wanted(kind, site_name(request))

    def title(self, wanted):
        label = NewsKind(wanted.kind).label if wanted.kind else _("News")
        return f"{wanted.site}: {label}"

    def link(self, wanted):
        kind = wanted.kind
        index = NewsIndexPage.objects.live().public().first()
        url = index.url if index else "/"
        return f"{url}?kind={kind}" if kind else url

    def description(self, wanted):
        return _("News, campaigns, events, tariff changes and outages of the city.")

    def items(self, wanted):
        return published(wanted.kind)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or html_text(item.body)[:LEAD]

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        # A story is dated by the day the editor gives it, at midnight in Kyiv.
        return timezone.make_aware(datetime.combine(item.date, time()))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [NewsKind(item.kind).label]


class AtomNewsFeed(NewsFeed):
    """The same news as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, wanted):
        return self.description(wanted)
