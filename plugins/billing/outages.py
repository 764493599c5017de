"""Telling residents of an outage that reaches their dwelling, when an
editor publishes it: a notice in the cabinet and an e-mail, once each."""

import logging

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cms.news.addresses import reaches, street_name
from plugins.billing.models import Dwelling, OutageWarning

logger = logging.getLogger(__name__)


def warn_residents(sender, page, **kwargs):
    """Receiver of cms.news.signals.outage_published."""
    if not apps.is_installed("plugins.notifications"):
        return
    addresses = [(a.street, a.houses) for a in page.affected_addresses.all()]
    dwellings = reached(addresses)
    people = get_user_model().objects.filter(dwellings__in=dwellings).distinct()
    told = sum(warn(person, page) for person in people)
    logger.info(
        "outage %s: %d dwellings reached, %d residents told",
        page.pk,
        len(dwellings),
        told,
    )


def reached(addresses):
    """Dwellings at any of ``addresses`` ((street, houses) pairs)."""
    names = {street_name(street) for street, _houses in addresses}
    candidates = Dwelling.objects.none()
    for name in names:
        candidates = candidates | Dwelling.objects.filter(street__icontains=name)
    return [
        dwelling
        for dwelling in candidates
        if any(
            reaches(street, houses, dwelling.street, dwelling.house)
            for street, houses in addresses
        )
    ]


def warn(person, page):
    """Tell ``person`` of ``page`` unless they were told; whether they were now."""
    from plugins.notifications.services import notify, recipient_language

    try:
        with transaction.atomic():
            OutageWarning.objects.create(page=page, user=person)
    except IntegrityError:
        return False

    with translation.override(recipient_language(person)):
        notify(person, subject(page), body(page), link=page.url)
    return True


def subject(page):
    return _("Outage at your address: %(title)s") % {"title": page.title}


def body(page):
    local = timezone.localtime
    lines = [page.title]
    if page.starts_at and page.ends_at:
        lines.append(
            _("From %(start)s to %(end)s.")
            % {
                "start": local(page.starts_at).strftime("%d.%m.%Y %H:%M"),
                "end": local(page.ends_at).strftime("%d.%m.%Y %H:%M"),
            }
        )
    elif page.starts_at:
        lines.append(
            _("From %(start)s.")
            % {"start": local(page.starts_at).strftime("%d.%m.%Y %H:%M")}
        )
    if page.location:
        lines.append(page.location)
    if page.summary:
        lines.append(page.summary)
    return "\n".join(str(line) for line in lines)
