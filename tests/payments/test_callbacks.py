"""The bank's signed callback is the only thing that marks a payment paid, and
it does so once."""

import threading
from decimal import Decimal

import pytest
from django.db import connections
from django.urls import reverse

from plugins.payments import services
from plugins.payments.choices import CallbackVerdict, PaymentStatus
from plugins.payments.models import CallbackLog, OnlinePayment
from plugins.payments.signals import payment_received
from tests.payments.conftest import signed_callback


@pytest.fixture
def received():
    """The payments ``payment_received`` announced during the test."""
    payments = []

    def remember(sender, payment, **kwargs):
        payments.append(payment.order_id)

    payment_received.connect(remember, dispatch_uid="test-received")
    yield payments
    payment_received.disconnect(dispatch_uid="test-received")


def post_callback(client, fields):
    return client.post(reverse("payments:callback"), fields)


def test_a_signed_success_marks_the_payment_paid_once(
    client, gateway, payment, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_callback(client, signed_callback(gateway, payment))

    payment.refresh_from_db()
    assert response.status_code == 200
    assert payment.status == PaymentStatus.PAID
    assert payment.paid_at is not None
    assert payment.transaction_id == f"T-{payment.pk}"
    assert received == [payment.order_id]
    assert CallbackLog.objects.get().verdict == CallbackVerdict.ACCEPTED


def test_the_same_callback_twice_records_one_payment(
    client, gateway, payment, received, django_capture_on_commit_callbacks
):
    fields = signed_callback(gateway, payment)

    with django_capture_on_commit_callbacks(execute=True):
        post_callback(client, fields)
        again = post_callback(client, fields)

    verdicts = list(
        CallbackLog.objects.order_by("pk").values_list("verdict", flat=True)
    )
    assert again.status_code == 200
    assert verdicts == [CallbackVerdict.ACCEPTED, CallbackVerdict.DUPLICATE]
    assert OnlinePayment.objects.filter(status=PaymentStatus.PAID).count() == 1
    assert received == [payment.order_id]


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_record_one_payment(gateway, payment, received):
    fields = signed_callback(gateway, payment)
    start = threading.Barrier(2)

    def deliver():
        start.wait()
        try:
            services.accept_callback(gateway, fields)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    verdicts = sorted(CallbackLog.objects.values_list("verdict", flat=True))
    assert verdicts == [CallbackVerdict.ACCEPTED, CallbackVerdict.DUPLICATE]
    assert received == [payment.order_id]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"amount": Decimal("1234.55")}, "amount differs"),
        ({"currency": "USD"}, "currency differs"),
        ({"order_id": "no-such-order"}, "unknown order"),
    ],
)
def test_a_callback_that_does_not_fit_its_order_is_refused(
    client, gateway, payment, received, changes, reason
):
    response = post_callback(client, signed_callback(gateway, payment, **changes))

    payment.refresh_from_db()
    entry = CallbackLog.objects.get()
    assert response.status_code == 400
    assert payment.status == PaymentStatus.CREATED
    assert (entry.verdict, entry.reason) == (CallbackVerdict.REFUSED, reason)
    assert received == []


def test_a_bad_signature_is_refused_and_logged_without_secrets(
    client, gateway, payment, received, caplog, settings
):
    fields = signed_callback(gateway, payment)
    fields["signature"] = "AAAA" + fields["signature"][4:]

    response = post_callback(client, fields)

    payment.refresh_from_db()
    entry = CallbackLog.objects.get()
    assert response.status_code == 400
    assert payment.status == PaymentStatus.CREATED
    assert (entry.reason, entry.order_id) == ("bad signature", payment.order_id)
    assert payment.order_id in caplog.text
    assert settings.PAYMENTS_SANDBOX_KEY not in caplog.text
    assert fields["signature"] not in caplog.text


def test_a_declined_payment_is_recorded_and_never_announced(
    client, gateway, payment, received
):
    response = post_callback(
        client, signed_callback(gateway, payment, status="failure")
    )

    payment.refresh_from_db()
    assert response.status_code == 200
    assert payment.status == PaymentStatus.REFUSED
    assert received == []


def test_the_callback_takes_only_posts(client):
    assert client.get(reverse("payments:callback")).status_code == 405
