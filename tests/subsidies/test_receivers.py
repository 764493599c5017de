"""An approved decision reaches the dwelling's charges in its own transaction:
the months of its period show the subsidy, the others do not."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from plugins.billing import services as billing
from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.choices import RejectionReason
from tests.billing.conftest import make_charge

pytestmark = pytest.mark.django_db

NOVEMBER, DECEMBER, JANUARY = date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)


@pytest.fixture
def charges(flat, services):
    """Water of November, December and January, sewerage of December."""
    account = flat.accounts.get()
    water, sewerage = services["water_supply"], services["sewerage"]
    make_charge(account, water, NOVEMBER, charged="300.00")
    make_charge(account, water, DECEMBER, charged="300.00")
    make_charge(account, water, JANUARY, opening_balance="10.00", charged="100.20")
    make_charge(account, sewerage, DECEMBER, charged="90.00")


def shown(flat, period):
    """(service, subsidy, closing balance) of the month, as the bill reads it."""
    return [
        (charge.service.code, charge.subsidy, charge.closing_balance)
        for charge in billing.month_charges(flat, period)
    ]


def approve(application, officer, services):
    application.status = Status.IN_REVIEW
    application.save(update_fields=["status"])
    return workflow.approve(
        application,
        officer,
        "СП-2026/117",
        date(2026, 12, 1),
        date(2027, 4, 30),
        {services["water_supply"]: Decimal("120.50")},
    )


def test_an_approved_decision_reaches_the_charges_of_its_months(
    application, officer, services, charges, flat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(application, officer, services)

    assert shown(flat, NOVEMBER) == [
        ("water_supply", Decimal("0.00"), Decimal("300.00"))
    ]
    assert shown(flat, DECEMBER) == [
        ("water_supply", Decimal("120.50"), Decimal("179.50")),
        ("sewerage", Decimal("0.00"), Decimal("90.00")),
    ]
    # January charged less than the grant: the subsidy covers the charge alone.
    assert shown(flat, JANUARY) == [
        ("water_supply", Decimal("100.20"), Decimal("10.00"))
    ]


def test_a_decision_rolled_back_takes_its_subsidy_off_the_charges(
    application, officer, services, charges, flat
):
    # The grants are written in the decision's transaction, so they go with it.
    with pytest.raises(RolledBackError), transaction.atomic():
        approve(application, officer, services)
        assert shown(flat, DECEMBER)[0][1] == Decimal("120.50")
        raise RolledBackError

    assert shown(flat, DECEMBER)[0] == (
        "water_supply",
        Decimal("0.00"),
        Decimal("300.00"),
    )
    application.refresh_from_db()
    assert application.status != Status.APPROVED
    assert application.decision_number == ""


class RolledBackError(Exception):
    """What undoes the decision's transaction in the test above."""


def test_a_rejected_application_changes_no_charge(
    application, officer, services, charges, flat, django_capture_on_commit_callbacks
):
    application.status = Status.IN_REVIEW
    application.save(update_fields=["status"])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(
            application, officer, RejectionReason.INCOME, "Дохід вищий за межу."
        )

    assert shown(flat, DECEMBER)[0][1] == Decimal("0.00")
