"""Starting a payment and the sandbox bank: a resident pays only their own
dwelling's accounts, and the sandbox serves only orders still waiting."""

import base64
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from plugins.payments.choices import PaymentStatus
from plugins.payments.models import OnlinePayment


def pay_url(dwelling):
    return reverse("payments:pay", args=[dwelling.pk])


def sandbox_url(payment):
    return reverse("payments:sandbox", args=[payment.order_id])


def checkout_fields(gateway, payment):
    return gateway.checkout(
        payment,
        description="Оплата",
        result_url="http://testserver/cabinet/",
        server_url="http://testserver/payments/callback/",
    ).fields


def test_a_resident_starts_a_payment_and_is_sent_to_the_gateway(
    client, resident, dwelling
):
    client.force_login(resident)
    account = dwelling.accounts.get()

    response = client.post(
        pay_url(dwelling), {"account": account.pk, "amount": "1234,56"}
    )

    payment = OnlinePayment.objects.get()
    params = json.loads(base64.b64decode(response.context["checkout"].fields["data"]))
    assert response.status_code == 200
    assert (payment.amount, payment.status) == (Decimal("1234.56"), "created")
    assert (payment.payer, payment.account) == (resident, account)
    assert f'action="/payments/sandbox/{payment.order_id}/"' in response.text
    assert params["result_url"] == f"http://testserver/cabinet/dwellings/{dwelling.pk}/"


def test_another_resident_cannot_pay_for_the_dwelling(
    client, neighbour, dwelling, neighbours_dwelling
):
    client.force_login(neighbour)
    account = dwelling.accounts.get()

    response = client.post(pay_url(dwelling), {"account": account.pk, "amount": "10"})

    assert response.status_code == 404
    assert not OnlinePayment.objects.exists()


def test_an_account_of_another_dwelling_is_not_found(
    client, resident, dwelling, neighbours_dwelling
):
    client.force_login(resident)
    foreign = neighbours_dwelling.accounts.get()

    response = client.post(pay_url(dwelling), {"account": foreign.pk, "amount": "10"})

    assert response.status_code == 404
    assert not OnlinePayment.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "100000.01", "abc"])
def test_an_amount_out_of_range_starts_nothing(client, resident, dwelling, amount):
    client.force_login(resident)
    account = dwelling.accounts.get()

    response = client.post(pay_url(dwelling), {"account": account.pk, "amount": amount})

    assert response.status_code == 302
    assert not OnlinePayment.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, dwelling):
    response = client.post(pay_url(dwelling), {"amount": "10"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_sandbox_shows_the_card_form_to_the_payer(
    client, resident, gateway, payment
):
    client.force_login(resident)

    response = client.post(sandbox_url(payment), checkout_fields(gateway, payment))

    assert response.status_code == 200
    assert "1\u00a0234,56\u00a0грн" in response.text
    assert 'value="pay"' in response.text and 'value="decline"' in response.text


def test_the_sandbox_hides_the_order_from_others(client, neighbour, gateway, payment):
    client.force_login(neighbour)

    response = client.post(sandbox_url(payment), checkout_fields(gateway, payment))

    assert response.status_code == 404


def test_the_sandbox_pays_and_sends_the_browser_back(
    client, resident, gateway, payment
):
    client.force_login(resident)
    fields = {**checkout_fields(gateway, payment), "decision": "pay"}

    response = client.post(sandbox_url(payment), fields)

    payment.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/cabinet/"
    assert payment.status == PaymentStatus.PAID


def test_the_sandbox_refuses_an_order_no_longer_waiting(
    client, resident, gateway, payment
):
    client.force_login(resident)
    OnlinePayment.objects.filter(pk=payment.pk).update(status=PaymentStatus.PAID)
    fields = {**checkout_fields(gateway, payment), "decision": "decline"}

    response = client.post(sandbox_url(payment), fields)

    payment.refresh_from_db()
    assert response.status_code == 409
    assert payment.status == PaymentStatus.PAID


def test_the_sandbox_refuses_unsigned_fields(client, resident, gateway, payment):
    client.force_login(resident)
    fields = checkout_fields(gateway, payment)
    fields["signature"] = "forged"

    response = client.post(sandbox_url(payment), {**fields, "decision": "pay"})

    payment.refresh_from_db()
    assert response.status_code == 400
    assert payment.status == PaymentStatus.CREATED
