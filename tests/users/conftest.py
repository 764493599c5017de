"""Olena's flat with charges, a payment, a meter reading, notices, a private
message and a decided subsidy application; Petro next door with his own."""

from datetime import date
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress

from plugins.billing.models import MeterReading, Payment
from plugins.messaging.services import start_conversation
from plugins.notifications.services import notify
from plugins.subsidies.choices import ApplicationStatus
from plugins.subsidies.models import SubsidyAmount, SubsidyApplication
from tests.billing.conftest import (  # noqa: F401
    billed_dwelling,
    make_charge,
    neighbour,
    neighbours_dwelling,
    private_cache,
    resident,
)


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def olenas_data(resident, neighbour, billed_dwelling, neighbours_dwelling, services):  # noqa: F811
    """What the portal holds of Olena, and a message Petro wrote back."""
    resident.first_name, resident.last_name = "Олена", "Коваленко"
    resident.display_name = "Олена К."
    resident.save()
    neighbour.display_name = "Петро С."
    neighbour.save()
    EmailAddress.objects.create(
        user=resident, email=resident.email, verified=True, primary=True
    )

    account = billed_dwelling.accounts.get()
    Payment.objects.create(
        account=account,
        paid_on=date(2026, 11, 20),
        amount=Decimal("777.15"),
        source="bank",
        reference="PRIV-1",
    )
    meter = account.meters.create(
        service=services["water_supply"], serial_number="WM-123"
    )
    MeterReading.objects.create(
        meter=meter,
        value=Decimal("345.678"),
        taken_on=date(2026, 11, 25),
        submitted_by=resident,
    )
    notify(resident, "Рахунок за листопад готовий", "Перевірте рахунок.")
    start_conversation(resident, neighbour, "Коли прийде сантехнік?")
    start_conversation(neighbour, resident, "Завтра о дев'ятій.")
    notify(neighbour, "Петрове повідомлення", "Лише для Петра.")

    application = SubsidyApplication.objects.create(
        dwelling=billed_dwelling,
        applicant=resident,
        status=ApplicationStatus.APPROVED,
        decision_number="СУБ-42",
        period_from=date(2026, 10, 1),
        period_to=date(2027, 3, 31),
    )
    SubsidyAmount.objects.create(
        application=application,
        service=services["water_supply"],
        monthly=Decimal("312.40"),
    )
    return application
