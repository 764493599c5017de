"""Telling residents of a new approved tariff for a service their accounts
are charged for, with the old and the new price and the date, once each.

The notifications plugin keeps the subscriptions ("tariff_change" is chosen
by default) and the record of who was told; without it, nobody is.
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.tariffs.models import Tariff
from plugins.billing.models import Charge

logger = logging.getLogger(__name__)


#: How long after its start a tariff entered into the portal is still news;
#: an older one is history being filled in.
STILL_NEWS = timedelta(days=31)


def tariff_saved(sender, instance, raw=False, **kwargs):
    """Receiver of Tariff's post_save: tell its customers, as they are at the
    time of the change, once it commits."""
    if raw or not apps.is_installed("plugins.notifications"):
        return
    if instance.status != Tariff.Status.APPROVED or not instance.valid_from:
        return
    if instance.valid_from < timezone.localdate() - STILL_NEWS:
        return
    people = list(customers(instance).values_list("pk", flat=True))
    if people:
        transaction.on_commit(lambda: tell_customers(instance.pk, people))


def tell_customers(tariff_pk, people):
    from cms.tariffs.search import tariff_page
    from plugins.notifications.news import tell_tariff, wants

    tariff = Tariff.objects.select_related("provider", "service").get(pk=tariff_pk)
    previous = replaced(tariff)
    page = tariff_page(tariff.service)
    link = f"{page.url}#tariff-{tariff.pk}" if page else ""
    told = sum(
        tell_tariff(person, tariff, previous, link)
        for person in get_user_model()
        .objects.filter(pk__in=people)
        .select_related("news_subscription")
        if wants(person, "tariff_change", only_mine=True)
    )
    logger.info("tariff %s: %d residents told", tariff.pk, told)


def replaced(tariff):
    """The approved tariff of the same provider, service and consumers that
    was in force before this one."""
    return (
        Tariff.objects.approved()
        .filter(
            provider=tariff.provider,
            service=tariff.service,
            consumer_group=tariff.consumer_group,
            valid_from__lt=tariff.valid_from,
        )
        .order_by("-valid_from")
        .first()
    )


def customers(tariff):
    """Users linked to a dwelling whose account with the tariff's provider
    is charged for its service."""
    charged = Charge.objects.filter(
        account__provider=tariff.provider_id, service=tariff.service_id
    ).values("account__dwelling")
    return get_user_model().objects.filter(dwellings__in=charged).distinct()
