"""Fixtures of the payments area: a billed dwelling, its neighbour, the sandbox
gateway and signed callbacks. Everything is built here, never from the demo seed.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from plugins.billing.models import Charge, Dwelling, PersonalAccount
from plugins.payments import services
from plugins.payments.gateways import SandboxGateway

NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def resident(django_user_model):
    return django_user_model.objects.create_user(
        username="olena", email="olena@example.org", password="secret-pass-1"
    )


@pytest.fixture
def neighbour(django_user_model):
    return django_user_model.objects.create_user(
        username="petro", email="petro@example.org", password="secret-pass-2"
    )


def billed_flat(user, provider, services, apartment, number, amounts):
    """A flat of ``user`` with one account, billed ``amounts`` in November."""
    dwelling = Dwelling.objects.create(
        street="вул. Соборна", house="12", apartment=apartment, total_area=50
    )
    dwelling.residents.add(user)
    account = PersonalAccount.objects.create(
        dwelling=dwelling,
        provider=provider,
        number=number,
        access_code="4821",
        payer_name="Коваленко Олена Іванівна",
    )
    for code, amount in amounts.items():
        Charge.objects.create(
            account=account,
            service=services[code],
            period=NOVEMBER,
            price=Decimal("1"),
            charged=Decimal(amount),
            closing_balance=Decimal(amount),
        )
    return dwelling


@pytest.fixture
def dwelling(resident, water_provider, services):
    """Olena's flat; November's bill asks 1 234,56: water 1 000,00, sewerage 234,56."""
    amounts = {"water_supply": "1000.00", "sewerage": "234.56"}
    return billed_flat(resident, water_provider, services, "5", "100234", amounts)


@pytest.fixture
def neighbours_dwelling(neighbour, water_provider, services):
    amounts = {"water_supply": "50.00"}
    return billed_flat(neighbour, water_provider, services, "6", "100235", amounts)


@pytest.fixture
def gateway():
    return SandboxGateway("sandbox", settings.PAYMENTS_SANDBOX_KEY)


@pytest.fixture
def payment(resident, dwelling, gateway):
    """Olena's payment of 1 234,56 sent to the sandbox bank, not answered yet."""
    account = dwelling.accounts.get()
    return services.start_payment(
        resident, dwelling, account, Decimal("1234.56"), gateway
    )


def signed_callback(gateway, payment, **changes):
    """The form fields of the bank's callback on ``payment``, with ``changes``."""
    params = {
        "version": 3,
        "order_id": payment.order_id,
        "status": "success",
        "amount": payment.amount,
        "currency": payment.currency,
        "transaction_id": f"T-{payment.pk}",
        **changes,
    }
    return gateway.signed_message(params)
