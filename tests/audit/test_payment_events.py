"""The bank's callback leaves one entry per change of a payment's status, with
its amount and provider and no one's name; a repeated callback none."""

import pytest
from django.urls import reverse

from tests.audit.conftest import stored_text
from tests.payments.conftest import signed_callback

pytestmark = pytest.mark.django_db


def post_callback(client, fields):
    return client.post(reverse("payments:callback"), fields)


def test_a_confirmed_payment_is_recorded_once(
    client, gateway, payment, resident, audit_entries
):
    fields = signed_callback(gateway, payment)

    post_callback(client, fields)
    post_callback(client, fields)

    [entry] = audit_entries()
    assert entry.action == "payments.payment.paid"
    assert entry.actor_id is None
    assert (entry.target_type, entry.target_id) == (
        "payments.onlinepayment",
        str(payment.pk),
    )
    assert entry.facts == {
        "from_status": "created",
        "to_status": "paid",
        "amount": "1234.56",
        "currency": "UAH",
        "provider": "PVK",
        "gateway": "sandbox",
        "payer_id": resident.pk,
    }
    text = stored_text(audit_entries())
    assert "Коваленко" not in text
    assert "olena@example.org" not in text


@pytest.mark.parametrize(
    ("bank_status", "action"),
    [("failure", "payments.payment.refused"), ("error", "payments.payment.failed")],
)
def test_a_payment_the_bank_turned_down_is_recorded(
    client, gateway, payment, audit_entries, bank_status, action
):
    post_callback(client, signed_callback(gateway, payment, status=bank_status))

    [entry] = audit_entries()
    assert entry.action == action
    assert entry.facts["amount"] == "1234.56"


def test_a_callback_not_matching_its_order_records_nothing(
    client, gateway, payment, audit_entries
):
    fields = signed_callback(gateway, payment, amount="1.00")

    post_callback(client, fields)

    assert audit_entries() == []
