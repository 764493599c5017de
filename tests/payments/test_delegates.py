"""Paying as a delegate: "view and pay" may, "view" sees no pay form and is
refused at checkout."""

import pytest
from django.urls import reverse

from plugins.billing.models import AccessLevel, DwellingAccess
from plugins.billing.services import can_pay
from plugins.payments.models import OnlinePayment


@pytest.fixture
def carer(django_user_model):
    return django_user_model.objects.create_user(username="maria", password="x")


def delegate(dwelling, user, level):
    return DwellingAccess.objects.create(dwelling=dwelling, user=user, level=level)


def pay(client, dwelling):
    account = dwelling.accounts.get()
    return client.post(
        reverse("payments:pay", args=[dwelling.pk]),
        {"account": account.pk, "amount": "10,00"},
    )


def test_a_view_only_delegate_gets_no_pay_form(client, carer, dwelling):
    delegate(dwelling, carer, AccessLevel.VIEW)
    client.force_login(carer)

    page = client.get(reverse("billing:dwelling", args=[dwelling.pk]))

    assert reverse("payments:pay", args=[dwelling.pk]) not in page.content.decode()


def test_a_view_only_delegate_is_refused_at_checkout(client, carer, dwelling):
    delegate(dwelling, carer, AccessLevel.VIEW)
    client.force_login(carer)

    response = pay(client, dwelling)

    assert response.status_code == 403
    assert not OnlinePayment.objects.exists()


def test_a_delegate_who_may_pay_reaches_the_gateway(client, carer, dwelling):
    delegate(dwelling, carer, AccessLevel.VIEW_AND_PAY)
    client.force_login(carer)

    page = client.get(reverse("billing:dwelling", args=[dwelling.pk]))
    response = pay(client, dwelling)

    assert reverse("payments:pay", args=[dwelling.pk]) in page.content.decode()
    assert response.status_code == 200
    assert OnlinePayment.objects.get().payer == carer


def test_can_pay_follows_owners_and_levels(resident, neighbour, carer, dwelling):
    access = delegate(dwelling, carer, AccessLevel.VIEW_AND_PAY)

    assert can_pay(resident, dwelling)
    assert not can_pay(neighbour, dwelling)
    assert can_pay(carer, dwelling)
    access.delete()
    assert not can_pay(carer, dwelling)


def test_a_delegate_loses_access_when_the_owner_unlinks(
    client, resident, carer, dwelling
):
    DwellingAccess.objects.create(
        dwelling=dwelling,
        user=carer,
        level=AccessLevel.VIEW_AND_PAY,
        granted_by=resident,
    )
    client.force_login(resident)
    client.post(reverse("billing:unlink_dwelling", args=[dwelling.pk]))

    client.force_login(carer)
    page = client.get(reverse("billing:dwelling", args=[dwelling.pk]))
    response = pay(client, dwelling)

    assert (page.status_code, response.status_code) == (404, 404)
    assert not OnlinePayment.objects.exists()
    assert not can_pay(carer, dwelling)
