"""Which tariffs the city shows: those in force on a date, and the full history."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cms.tariffs.models import Tariff


def tariffs_in_force(on, services=None):
    """For each (provider, service, consumer group), the approved tariff with the
    latest ``valid_from`` whose period covers the date ``on``.

    An earlier tariff left without ``valid_to`` is superseded by a later one, so
    the latest start wins. Ordered the way bills list services.
    """
    tariffs = (
        Tariff.objects.in_force(on)
        .select_related("provider", "service")
        .prefetch_related("cost_items")
        # PostgreSQL's DISTINCT ON keeps the first row of each group.
        .order_by(
            "provider_id",
            "service_id",
            "consumer_group",
            F("valid_from").desc(nulls_last=True),
        )
        .distinct("provider_id", "service_id", "consumer_group")
    )
    if services is not None:
        tariffs = tariffs.filter(service__in=services)

    return sorted(tariffs, key=bill_order)


def tariff_history(services=None):
    """Every tariff of the services, including expired, proposed and draft ones.

    Within a service the rows of one provider and consumer group read as a
    timeline, oldest first. A rate whose start the sources do not give comes
    first: in practice it is the "previous" rate a later decision replaced, or
    a proposal not yet dated.
    """
    tariffs = Tariff.objects.select_related("provider", "service").order_by(
        "service__sort_order",
        "service__name",
        F("provider__short_name").asc(nulls_last=True),
        "consumer_group",
        F("valid_from").asc(nulls_first=True),
        # Among rates without a start, one that has ended goes first.
        F("valid_to").asc(nulls_last=True),
        "pk",
    )
    if services is not None:
        tariffs = tariffs.filter(service__in=services)
    return list(tariffs)


def bill_order(tariff):
    provider_name = tariff.provider.short_name if tariff.provider else ""
    return (
        tariff.service.sort_order,
        tariff.service.name,
        provider_name,
        tariff.consumer_group,
    )


def group_by_service(tariffs):
    """``[(service, [tariff, ...]), ...]`` keeping the order of ``tariffs``."""
    groups = {}
    for tariff in tariffs:
        groups.setdefault(tariff.service, []).append(tariff)
    return list(groups.items())


class TariffState:
    """Where a tariff stands on a date, for the labels of the history table."""

    IN_FORCE = "in_force"
    UPCOMING = "upcoming"
    EXPIRED = "expired"
    PROPOSED = "proposed"
    DRAFT = "draft"

    LABELS = {
        IN_FORCE: _("in force"),
        UPCOMING: _("approved, not yet in force"),
        EXPIRED: _("no longer in force"),
        PROPOSED: _("proposed, not approved"),
        DRAFT: _("draft decision"),
    }


def tariff_state(tariff, on, in_force_ids):
    """The state of ``tariff`` on ``on``; ``in_force_ids`` are the ids
    :func:`tariffs_in_force` returned for that date."""
    if tariff.status == Tariff.Status.PROPOSED:
        return TariffState.PROPOSED
    if tariff.status == Tariff.Status.DRAFT:
        return TariffState.DRAFT
    if tariff.pk in in_force_ids:
        return TariffState.IN_FORCE
    if tariff.valid_from and tariff.valid_from > on:
        return TariffState.UPCOMING
    return TariffState.EXPIRED
