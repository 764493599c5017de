"""Who among the residents a news item concerns, for those who want only
what concerns their dwellings: an outage reaches the dwellings at its
addresses, a provider's news the dwellings with an account there.

The notifications plugin keeps the subscriptions and tells each user once
(plugins.notifications.news); without it, nobody is told.
"""

import logging

from django.apps import apps
from django.contrib.auth import get_user_model

from cms.news.addresses import reaches, street_name
from cms.news.models import NewsKind
from plugins.billing.models import Dwelling

logger = logging.getLogger(__name__)


def tell_residents(sender, page, **kwargs):
    """Receiver of cms.news.signals.news_published."""
    if not apps.is_installed("plugins.notifications"):
        return
    from plugins.notifications.news import tell, wants

    people = concerned(page)
    told = sum(
        tell(person, page, at_home=True)
        for person in people
        if wants(person, page.kind, only_mine=True)
    )
    logger.info("news %s: %d residents it concerns told", page.pk, told)


def concerned(page):
    """Users linked to a dwelling the page concerns."""
    users = get_user_model().objects.select_related("news_subscription")
    if page.kind == NewsKind.OUTAGE:
        addresses = [(a.street, a.houses) for a in page.affected_addresses.all()]
        return users.filter(dwellings__in=reached(addresses)).distinct()
    if page.provider_id:
        return users.filter(dwellings__accounts__provider=page.provider_id).distinct()
    return users.none()


def reached(addresses):
    """Dwellings at any of ``addresses`` ((street, houses) pairs)."""
    candidates = Dwelling.objects.none()
    for name in {street_name(street) for street, _houses in addresses}:
        candidates = candidates | Dwelling.objects.filter(street__icontains=name)
    return [
        dwelling.pk
        for dwelling in candidates
        if any(
            reaches(street, houses, dwelling.street, dwelling.house)
            for street, houses in addresses
        )
    ]
