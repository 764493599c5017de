"""What the news tells the rest of the portal.

``news_published`` is sent with the page each time a news item is
published, again on every later publication: receivers tell whom it
concerns, and must tell each of them once.
"""

from django.dispatch import Signal

news_published = Signal()


def announce(sender, instance, **kwargs):
    news_published.send(sender=sender, page=instance)
