"""The payer is told once that an online payment went through."""

from django.urls import reverse

from plugins.notifications.models import Notice
from tests.payments.conftest import signed_callback


def test_the_payer_is_told_once_of_a_payment_that_went_through(
    client, gateway, payment, django_capture_on_commit_callbacks
):
    fields = signed_callback(gateway, payment)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("payments:callback"), fields)
        client.post(reverse("payments:callback"), fields)

    (notice,) = Notice.objects.filter(recipient=payment.payer)
    assert notice.subject.startswith("Оплату отримано: ")
    assert payment.account.number in notice.body
