"""A dispute's text is shown to the provider's staff as text, and their
answer to the resident likewise."""

import pytest
from django.urls import reverse

from plugins.billing.models import ChargeDispute, DisputeStatus
from tests.billing.test_disputes import (  # noqa: F401 -- fixtures
    answer_url,
    charge,
    dispute_url,
    water_staff,
)
from tests.security.hostile_html import HOSTILE_TEXT, active_markup

pytestmark = pytest.mark.django_db


def test_markup_in_a_dispute_and_its_answer_stays_text_on_both_sides(
    client,
    resident,
    charge,  # noqa: F811
    water_staff,  # noqa: F811
):
    resident.display_name = "<img src=x onerror=alert('name')>"
    resident.save()
    client.force_login(resident)
    sent = client.post(dispute_url(charge), {"text": HOSTILE_TEXT})
    dispute = ChargeDispute.objects.get()
    client.force_login(water_staff)
    listing = client.get(reverse("billing_disputes"))
    answer_form = client.get(answer_url(dispute))
    client.post(
        answer_url(dispute),
        {"status": DisputeStatus.ANSWERED, "answer": HOSTILE_TEXT},
    )
    client.force_login(resident)
    dwelling = client.get(
        reverse("billing:dwelling", args=[charge.account.dwelling_id])
    )

    assert sent.status_code == 302
    for page in (listing, answer_form):
        assert page.status_code == 200
        assert active_markup(page.text, admin=True) == []
    assert "&lt;script&gt;alert(&#x27;s1&#x27;)&lt;/script&gt;" in answer_form.text
    assert dwelling.status_code == 200
    assert "&lt;svg onload=alert(&#x27;s5&#x27;)&gt;" in dwelling.text
    assert active_markup(dwelling.text) == []
