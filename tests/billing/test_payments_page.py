"""Every payment of a dwelling, a page at a time: what a resident reads and
who may open it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from plugins.billing.choices import PaymentSource
from plugins.billing.models import (
    AccessKind,
    AccessLevel,
    AccessLogEntry,
    DwellingAccess,
    Payment,
)
from plugins.billing.services import PAYMENTS_SHOWN
from plugins.billing.views_payments import PAGE_SIZE

pytestmark = pytest.mark.django_db


def payments_url(dwelling):
    return reverse("billing:payments", args=[dwelling.pk])


def pay(account, count, first=date(2024, 1, 5)):
    """``count`` bank payments into ``account``, a day apart, 1,00 UAH more
    each day."""
    Payment.objects.bulk_create(
        Payment(
            account=account,
            paid_on=first + timedelta(days=number),
            amount=Decimal(number + 1),
            source=PaymentSource.BANK,
            reference=f"PB-{account.pk}-{first:%Y%m%d}-{number}",
        )
        for number in range(count)
    )


def test_the_page_lists_the_newest_payments_first_fifty_a_page(
    client, resident, billed_dwelling
):
    pay(billed_dwelling.accounts.get(), PAGE_SIZE + 3)
    client.force_login(resident)

    first = client.get(payments_url(billed_dwelling))
    second = client.get(payments_url(billed_dwelling), {"page": 2})

    assert first.status_code == 200
    assert [payment.paid_on for payment in first.context["payments"]][:2] == [
        date(2024, 1, 5) + timedelta(days=PAGE_SIZE + 2),
        date(2024, 1, 5) + timedelta(days=PAGE_SIZE + 1),
    ]
    assert len(first.context["payments"]) == PAGE_SIZE
    assert len(second.context["payments"]) == 3
    assert "53,00" in first.text and "01.01.2024" not in first.text
    assert "05.01.2024" in second.text
    assert AccessLogEntry.objects.filter(what=AccessKind.PAGE).count() == 2


def test_a_dwelling_without_payments_says_so(client, resident, billed_dwelling):
    client.force_login(resident)

    response = client.get(payments_url(billed_dwelling))

    assert response.status_code == 200
    assert "Платежів ще не зареєстровано." in response.text


def test_the_overview_links_here_once_it_leaves_payments_out(
    client, resident, billed_dwelling
):
    account = billed_dwelling.accounts.get()
    client.force_login(resident)
    pay(account, PAYMENTS_SHOWN)
    all_shown = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk]))

    pay(account, 1, first=date(2023, 1, 5))
    some_left_out = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk]))

    assert payments_url(billed_dwelling) not in all_shown.text
    assert payments_url(billed_dwelling) in some_left_out.text


def test_anonymous_visitors_are_sent_to_log_in(client, billed_dwelling):
    response = client.get(payments_url(billed_dwelling))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_another_resident_finds_nothing(client, neighbour, billed_dwelling):
    pay(billed_dwelling.accounts.get(), 2)
    client.force_login(neighbour)

    assert client.get(payments_url(billed_dwelling)).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("level", [AccessLevel.VIEW, AccessLevel.VIEW_AND_PAY])
def test_a_delegate_sees_the_payments(
    client, resident, neighbour, billed_dwelling, level
):
    pay(billed_dwelling.accounts.get(), 2)
    DwellingAccess.objects.create(
        dwelling=billed_dwelling, user=neighbour, level=level, granted_by=resident
    )
    client.force_login(neighbour)

    response = client.get(payments_url(billed_dwelling))

    assert response.status_code == 200
    assert len(response.context["payments"]) == 2
    assert "Доступ вам надав власник" in response.text
