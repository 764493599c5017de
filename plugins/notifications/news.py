"""Telling users of the news they subscribed to, once each.

cms.news sends ``news_published`` on every publication. This plugin tells
the subscribers who want a kind from the whole city; the billing plugin
tells those who want only what concerns their dwellings, as it alone knows
dwellings and accounts (plugins.billing.news_audience), through ``tell``.
"""

import logging

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from plugins.notifications.language import recipient_language
from plugins.notifications.models import Subscription, default_kinds

logger = logging.getLogger(__name__)


def subscription_of(user):
    """The user's choices, or the defaults when they never chose. A list of
    users read with ``select_related("news_subscription")`` asks nothing more."""
    try:
        return user.news_subscription
    except Subscription.DoesNotExist:
        return Subscription(user=user, kinds=default_kinds())


def wants(user, kind, only_mine):
    """Whether ``user`` wants news of ``kind`` told, when it concerns their
    dwellings (``only_mine``) or the whole city."""
    chosen = subscription_of(user)
    return kind in chosen.kinds and (only_mine or not chosen.only_mine)


def tell_city(sender, page, **kwargs):
    """Receiver of news_published: the subscribers who want this kind from
    the whole city, and everyone subscribed to it when it has no provider
    (news for the whole city concerns every dwelling)."""
    chosen = Subscription.objects.filter(kinds__contains=[page.kind])
    if page.provider_id or page.kind == "outage":
        chosen = chosen.filter(only_mine=False)
    people = (
        get_user_model()
        .objects.filter(news_subscription__in=chosen)
        .select_related("news_subscription")
    )
    told = sum(tell(person, page) for person in people)
    logger.info("news %s: %d subscribers told", page.pk, told)


def tell(person, page, at_home=False):
    """Tell ``person`` of ``page`` unless they were told; whether they were
    now. ``at_home``: the page reaches one of their dwellings."""
    from plugins.notifications.services import notify_once

    with translation.override(recipient_language(person)):
        return notify_once(
            person, f"page:{page.pk}", subject(page, at_home), body(page), page.url
        )


SUBJECTS = {
    "outage": _("Outage: %(title)s"),
    "event": _("Event: %(title)s"),
    "campaign": _("Campaign: %(title)s"),
    "tariff_change": _("Tariff change: %(title)s"),
}


def subject(page, at_home=False):
    if at_home and page.kind == "outage":
        return _("Outage at your address: %(title)s") % {"title": page.title}
    wording = SUBJECTS.get(page.kind, _("News: %(title)s"))
    return wording % {"title": page.title}


def body(page):
    # The subject names the page already.
    lines = []
    if page.starts_at and page.ends_at:
        lines.append(
            _("From %(start)s to %(end)s.")
            % {"start": moment(page.starts_at), "end": moment(page.ends_at)}
        )
    elif page.starts_at:
        lines.append(_("From %(start)s.") % {"start": moment(page.starts_at)})
    if page.location:
        lines.append(page.location)
    if page.summary:
        lines.append(page.summary)
    return "\n".join(str(line) for line in lines)


def moment(value):
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def tell_tariff(person, tariff, previous, link):
    """Tell ``person`` of a new ``tariff`` (replacing ``previous``, if any)
    unless they were told; whether they were now."""
    from plugins.notifications.services import notify_once

    with translation.override(recipient_language(person)):
        return notify_once(
            person,
            f"tariff:{tariff.pk}",
            tariff_subject(tariff),
            tariff_body(tariff, previous),
            link,
        )


def tariff_subject(tariff):
    provider = tariff.provider.short_name if tariff.provider else ""
    return _("New tariff: %(service)s %(provider)s") % {
        "service": tariff.service.name,
        "provider": provider,
    }


def tariff_body(tariff, previous):
    from cms.tariffs.templatetags.tariffs import tariff_price

    values = {
        "date": tariff.valid_from.strftime("%d.%m.%Y"),
        "price": tariff_price(tariff),
        "group": tariff.consumer_group,
    }
    if previous is None:
        lines = [_("From %(date)s: %(price)s (%(group)s).") % values]
    else:
        values["old"] = tariff_price(previous)
        lines = [_("From %(date)s: %(price)s instead of %(old)s (%(group)s).") % values]
    if tariff.decision:
        lines.append(tariff.decision)
    return "\n".join(str(line) for line in lines)
