"""What the news tells the rest of the portal.

``outage_published`` is sent when an outage notice is published, again on
every later publication; receivers tell the residents it reaches, and must
tell each of them once.
"""

from django.dispatch import Signal

outage_published = Signal()


def announce_outage(sender, instance, **kwargs):
    from cms.news.models import NewsKind

    if instance.kind == NewsKind.OUTAGE:
        outage_published.send(sender=sender, page=instance)
