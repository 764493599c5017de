"""A new approved tariff tells the residents charged for its service by its
provider: the new price, the old one and the date, once each."""

from datetime import date
from decimal import Decimal

import pytest

from cms.tariffs.models import Tariff, Unit
from plugins.notifications.models import Notice, Subscription

pytestmark = pytest.mark.django_db


def approve(water_provider, services, capture, price="31.10", **fields):
    values = {
        "provider": water_provider,
        "service": services["sewerage"],
        "consumer_group": "усі споживачі",
        "unit": Unit.CUBIC_METRE,
        "price": Decimal(price),
        "valid_from": date(2027, 1, 1),
        **fields,
    }
    with capture(execute=True):
        return Tariff.objects.create(**values)


def notices_of(person):
    return list(Notice.objects.filter(recipient=person))


def test_the_residents_charged_for_the_service_are_told_old_and_new_price(
    billed_dwelling,
    resident,
    water_provider,
    services,
    water_tariffs,
    django_capture_on_commit_callbacks,
):
    approve(water_provider, services, django_capture_on_commit_callbacks)

    (notice,) = notices_of(resident)
    assert notice.subject == (
        "Новий тариф: Централізоване водовідведення КП «Водоканал»"
    )
    assert notice.body.startswith(
        "З 01.01.2027: 31,10\xa0грн/м³ замість 11,40\xa0грн/м³ (усі споживачі)."
    )


def test_a_resident_not_charged_for_it_hears_nothing(
    neighbours_dwelling,
    neighbour,
    water_provider,
    services,
    water_tariffs,
    django_capture_on_commit_callbacks,
):
    # Petro's account is charged for water only.
    approve(water_provider, services, django_capture_on_commit_callbacks)

    assert notices_of(neighbour) == []


def test_saving_it_again_tells_nobody_twice(
    billed_dwelling,
    resident,
    water_provider,
    services,
    django_capture_on_commit_callbacks,
):
    tariff = approve(water_provider, services, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        tariff.decision = "Рішення виконкому № 5"
        tariff.save()

    assert len(notices_of(resident)) == 1


def test_a_proposal_tells_nobody_until_it_is_approved(
    billed_dwelling,
    resident,
    water_provider,
    services,
    django_capture_on_commit_callbacks,
):
    tariff = approve(
        water_provider,
        services,
        django_capture_on_commit_callbacks,
        status=Tariff.Status.PROPOSED,
    )
    assert notices_of(resident) == []

    with django_capture_on_commit_callbacks(execute=True):
        tariff.status = Tariff.Status.APPROVED
        tariff.save()

    assert len(notices_of(resident)) == 1


def test_a_resident_who_turned_tariff_news_off_hears_nothing(
    billed_dwelling,
    resident,
    water_provider,
    services,
    django_capture_on_commit_callbacks,
):
    Subscription.objects.create(user=resident, kinds=["outage"])

    approve(water_provider, services, django_capture_on_commit_callbacks)

    assert notices_of(resident) == []


def test_history_entered_later_tells_nobody(
    billed_dwelling,
    resident,
    water_provider,
    services,
    django_capture_on_commit_callbacks,
):
    approve(
        water_provider,
        services,
        django_capture_on_commit_callbacks,
        valid_from=date(2015, 7, 1),
    )

    assert notices_of(resident) == []
