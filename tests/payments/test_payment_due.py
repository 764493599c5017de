"""A bill paid online counts as paid on the dwelling's page at once, while the
provider has yet to confirm the payment in its next export."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from plugins.billing import due
from tests.payments.conftest import signed_callback

pytestmark = pytest.mark.django_db


def page_text(client, dwelling):
    response = client.get(reverse("billing:dwelling", args=[dwelling.pk]))
    return " ".join(strip_tags(response.text).replace("\u00a0", " ").split())


def test_a_bill_paid_online_after_the_month_is_not_overdue(
    client, resident, dwelling, gateway, payment, monkeypatch
):
    client.post(reverse("payments:callback"), signed_callback(gateway, payment))
    monkeypatch.setattr(due, "today_in_kyiv", lambda: date(2026, 12, 21))
    client.force_login(resident)

    text = page_text(client, dwelling)

    assert "Після закінчення місяця рахунок сплачено повністю." in text
    assert "Прострочено" not in text


def test_an_unpaid_bill_is_overdue_all_the_same(
    client, resident, dwelling, monkeypatch
):
    monkeypatch.setattr(due, "today_in_kyiv", lambda: date(2026, 12, 21))
    client.force_login(resident)

    text = page_text(client, dwelling)

    assert "Прострочено. Рахунок треба було сплатити до 20 грудня 2026 включно." in text
