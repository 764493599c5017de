"""A resident starts an application for their own dwelling, prefilled from
the billing records; nobody else can, and a second start finds the first."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from plugins.billing.models import AccessLevel, DwellingAccess
from plugins.subsidies import services as subsidies
from plugins.subsidies.choices import ApplicationStatus
from plugins.subsidies.models import SubsidyApplication
from tests.billing.conftest import make_charge

pytestmark = pytest.mark.django_db


def test_the_draft_is_prefilled_from_billing(resident, flat, services):
    account = flat.accounts.get()
    make_charge(
        account,
        services["water_supply"],
        date(2026, 11, 1),
        charged="174.31",
        opening_balance="120.50",
        paid="100.00",
    )

    application = subsidies.start_application(resident, flat)

    assert application.status == ApplicationStatus.DRAFT
    assert application.prefill == {
        "address": "вул. Соборна, 12, кв. 5",
        "street": "вул. Соборна",
        "total_area": "52.40",
        "registered_persons": 2,
        "services": [
            {
                "service": "water_supply",
                "service_name": "Централізоване водопостачання",
                "provider": "КП «Водоканал»",
                "account": "100234",
                "month": "2026-11-01",
                "charged": "174.31",
                "to_pay": "194.81",
            }
        ],
    }


def test_starting_again_finds_the_draft_in_progress(resident, flat):
    first = subsidies.start_application(resident, flat)

    again = subsidies.start_application(resident, flat)

    assert again == first
    assert SubsidyApplication.objects.count() == 1


def test_a_finished_application_lets_a_new_one_start(resident, flat):
    first = subsidies.start_application(resident, flat)
    SubsidyApplication.objects.filter(pk=first.pk).update(
        status=ApplicationStatus.REJECTED
    )

    second = subsidies.start_application(resident, flat)

    assert second != first


def test_a_neighbour_or_a_delegate_cannot_apply(resident, neighbour, flat):
    DwellingAccess.objects.create(
        dwelling=flat,
        user=neighbour,
        level=AccessLevel.VIEW_AND_PAY,
        granted_by=resident,
    )

    with pytest.raises(PermissionDenied):
        subsidies.start_application(neighbour, flat)
    assert not SubsidyApplication.objects.exists()
