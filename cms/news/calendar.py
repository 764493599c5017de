"""Events and outages as an iCalendar file (RFC 5545) that calendar apps
subscribe to: each item with its time window, place and link."""

from datetime import UTC, timedelta

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cms.core.context_processors import site_name
from cms.news.feeds import published
from cms.news.models import NewsKind

#: How long past events stay in the calendar.
KEPT_FOR = timedelta(days=30)

#: Longest content line in octets; longer ones are folded (RFC 5545, 3.1).
LINE_OCTETS = 75

CALENDARS = {
    "events": (NewsKind.EVENT, _("Events")),
    "outages": (NewsKind.OUTAGE, _("Outages")),
}


@require_http_methods(["GET", "HEAD"])
def calendar(request, name):
    """Who may see it: anyone; it lists only live, public pages."""
    if name not in CALENDARS:
        raise Http404("No such calendar.")
    kind, label = CALENDARS[name]
    now = timezone.now()
    items = published(kind).filter(
        starts_at__isnull=False, starts_at__gte=now - KEPT_FOR
    )
    title = f"{site_name(request)}: {label}"
    text = ics(items, title, request, now)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def ics(items, title, request, now):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Komunalnyi portal//news//UK",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escaped(title)}",
    ]
    # A uid names the portal's host, without the port it happens to serve on.
    host = request.get_host().partition(":")[0]
    for item in items:
        lines += event(item, host, request, now)
    lines.append("END:VCALENDAR")
    return "".join(f"{folded(line)}\r\n" for line in lines)


def event(item, host, request, now):
    lines = [
        "BEGIN:VEVENT",
        f"UID:news-{item.pk}@{host}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(item.starts_at)}",
    ]
    if item.ends_at:
        lines.append(f"DTEND:{utc(item.ends_at)}")
    lines.append(f"SUMMARY:{escaped(item.title)}")
    if item.location:
        lines.append(f"LOCATION:{escaped(item.location)}")
    if item.summary:
        lines.append(f"DESCRIPTION:{escaped(item.summary)}")
    lines += [f"URL:{request.build_absolute_uri(item.url)}", "END:VEVENT"]
    return lines


def utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escaped(text):
    """A TEXT value: backslash, semicolon, comma and newline escaped."""
    for plain, escape in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(plain, escape)
    return text.replace("\r", "")


def folded(line):
    """``line`` cut into pieces of at most LINE_OCTETS octets, never inside a
    character, each continuation starting with a space."""
    pieces, piece, size, limit = [], "", 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode())
        if size + octets > limit:
            pieces.append(piece)
            # A continuation's leading space counts against its length.
            piece, size, limit = "", 0, LINE_OCTETS - 1
        piece += character
        size += octets
    pieces.append(piece)
    return "\r\n ".join(pieces)
