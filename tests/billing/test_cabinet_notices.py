"""Notices from the cabinet's own affairs: a month's bill ready after an
import, once however often the file comes again; a provider's answer to a
resident's question about a charge."""

import pytest

from plugins.billing import disputes, services
from plugins.billing.models import ChargeDispute, DisputeStatus, Dwelling
from plugins.notifications.models import Notice

pytestmark = pytest.mark.django_db


def test_the_residents_of_a_billed_dwelling_are_told_the_bill_is_ready_once(
    water_provider, good_export, resident, neighbour, django_capture_on_commit_callbacks
):
    services.import_billing_export(water_provider, good_export, "pvk-2026-11.csv")
    billed = Dwelling.objects.first()
    billed.residents.add(resident)

    with django_capture_on_commit_callbacks(execute=True):
        services.import_billing_export(water_provider, good_export, "pvk-2026-11.csv")
    with django_capture_on_commit_callbacks(execute=True):
        services.import_billing_export(water_provider, good_export, "pvk-2026-11.csv")

    (notice,) = Notice.objects.filter(recipient=resident)
    assert notice.subject == "Рахунок за 11.2026 готовий"
    assert not Notice.objects.filter(recipient=neighbour).exists()


def test_the_resident_who_asked_is_told_the_answer(
    billed_dwelling, resident, water_provider, django_capture_on_commit_callbacks
):
    charges = billed_dwelling.accounts.get().charges
    charge = charges.filter(service__code="water_supply").latest("period")
    asked = ChargeDispute.objects.create(
        charge=charge, author=resident, text="Забагато"
    )

    with django_capture_on_commit_callbacks(execute=True):
        disputes.answer(
            _staff(water_provider), asked.pk, "Перераховано.", DisputeStatus.RESOLVED
        )

    (notice,) = Notice.objects.filter(recipient=resident)
    assert notice.subject.startswith("На ваше питання про «")
    assert notice.body == "Перераховано."
    assert notice.link == f"/cabinet/dwellings/{billed_dwelling.pk}/"


def _staff(provider):
    from django.contrib.auth import get_user_model

    from plugins.billing.models import ProviderStaff

    person = get_user_model().objects.create_user(
        username="kasa", email="kasa@example.org", password="secret-pass-3"
    )
    ProviderStaff.objects.create(user=person, provider=provider)
    return person
