"""The bank's callback settles a payment in one transaction: killed at any
step, it leaves every table as it was, the bank is answered with an error so
it delivers again, and the next delivery pays once."""

import pytest
from django.urls import reverse

from cms import audit
from plugins.notifications import services as notifications
from plugins.notifications.models import Notice
from plugins.payments import services
from plugins.payments.choices import CallbackVerdict, PaymentStatus
from plugins.payments.models import CallbackLog, OnlinePayment
from tests.payments.conftest import signed_callback
from tests.reliability.planting import crash
from tests.reliability.snapshots import changed_tables, snapshot

pytestmark = pytest.mark.django_db

# What the callback writes, in the order it writes it.
STEPS = {
    "payment row": (OnlinePayment, "save", crash),
    "audit entry": (audit, "record", crash),
    "audit of the payment": (services, "record_in_audit", crash),
    "callback log": (services, "record", crash),
    "payer's notice": (notifications, "notify_once", crash),
    "notice row": (notifications, "notify", crash),
}


@pytest.fixture
def bank(client):
    """The test client as the bank: a failure of the portal is a 500 answer."""
    client.raise_request_exception = False
    return client


def deliver(bank, fields):
    return bank.post(reverse("payments:callback"), fields)


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_at_any_step_changes_nothing(
    step, bank, gateway, payment, monkeypatch, django_capture_on_commit_callbacks
):
    owner, name, replacement = STEPS[step]
    fields = signed_callback(gateway, payment)
    before = snapshot()

    with monkeypatch.context() as planted:
        planted.setattr(owner, name, replacement)
        with django_capture_on_commit_callbacks(execute=True):
            response = deliver(bank, fields)

    assert response.status_code == 500
    assert changed_tables(before, snapshot()) == []

    with django_capture_on_commit_callbacks(execute=True):
        again = deliver(bank, fields)

    payment.refresh_from_db()
    assert again.status_code == 200
    assert payment.status == PaymentStatus.PAID
    assert CallbackLog.objects.get().verdict == CallbackVerdict.ACCEPTED
    assert Notice.objects.filter(recipient=payment.payer).count() == 1


def test_without_a_crash_the_callback_writes_every_table_it_touches(
    bank, gateway, payment, django_capture_on_commit_callbacks
):
    before = snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        deliver(bank, signed_callback(gateway, payment))

    assert changed_tables(before, snapshot()) == [
        "audit.AuditEntry",
        "notifications.Notice",
        "notifications.Told",
        "payments.CallbackLog",
        "payments.OnlinePayment",
    ]


class UnreachableQueue:
    """A task queue that is down when the e-mail is to be queued."""

    def enqueue(self, *args):
        crash()


@pytest.mark.django_db(transaction=True)
def test_an_e_mail_that_cannot_be_queued_leaves_the_payment_paid(
    bank, gateway, payment, monkeypatch
):
    # The e-mail is queued after the payment committed: the bank must hear
    # that it is paid, or it would deliver again for nothing.
    monkeypatch.setattr(notifications, "send_notice_email", UnreachableQueue())

    response = deliver(bank, signed_callback(gateway, payment))

    payment.refresh_from_db()
    assert response.status_code == 200
    assert payment.status == PaymentStatus.PAID
    assert Notice.objects.filter(recipient=payment.payer).count() == 1
