"""Disputes of charges: residents send them about their own dwellings' charges,
the charging provider's staff answer them, nobody else sees them."""

import logging

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cms.directory.models import Provider
from plugins.billing.models import (
    AccessLevel,
    ChargeDispute,
    DisputeStatus,
    DwellingAccess,
    ProviderStaff,
)


def admin_user(django_user_model, username, provider=None):
    """A user who may open the Wagtail admin, on ``provider``'s staff if given."""
    user = django_user_model.objects.create_user(username=username, password="x")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    if provider is not None:
        ProviderStaff.objects.create(user=user, provider=provider)
    return user


@pytest.fixture
def other_provider(db):
    return Provider.objects.create(
        code="TEP", name="Тепломережа", short_name="Тепломережа", edrpou="99990027"
    )


@pytest.fixture
def water_staff(django_user_model, water_provider):
    return admin_user(django_user_model, "water-staff", water_provider)


@pytest.fixture
def heat_staff(django_user_model, other_provider):
    return admin_user(django_user_model, "heat-staff", other_provider)


@pytest.fixture
def charge(billed_dwelling):
    return billed_dwelling.accounts.get().charges.latest("period")


@pytest.fixture
def dispute(resident, charge):
    return ChargeDispute.objects.create(charge=charge, author=resident, text="Забагато")


def dispute_url(charge):
    return reverse(
        "billing:dispute_charge", args=[charge.account.dwelling_id, charge.pk]
    )


def answer_url(dispute):
    return reverse("billing_dispute_answer", args=[dispute.pk])


def test_a_resident_disputes_a_charge_and_sees_it_open(
    client, resident, charge, caplog
):
    client.force_login(resident)

    with caplog.at_level(logging.INFO, logger="plugins.billing.disputes"):
        response = client.post(
            dispute_url(charge),
            {"text": "Лічильник показує менше", "expected_amount": "500,00"},
        )

    dispute = ChargeDispute.objects.get()
    assert response.status_code == 302
    assert (dispute.status, dispute.author, str(dispute.expected_amount)) == (
        DisputeStatus.OPEN,
        resident,
        "500.00",
    )
    assert (
        f"dispute {dispute.pk} of charge {charge.pk} opened by user {resident.pk}"
        in caplog.text
    )
    page = client.get(reverse("billing:dwelling", args=[charge.account.dwelling_id]))
    assert page.context["disputes"] == [dispute]


def test_the_dwelling_page_links_each_charge_to_its_dispute_form(
    client, resident, charge
):
    client.force_login(resident)

    response = client.get(
        reverse("billing:dwelling", args=[charge.account.dwelling_id])
    )

    assert dispute_url(charge) in response.content.decode()


def test_another_resident_cannot_dispute_or_see_the_charge(
    client, neighbour, neighbours_dwelling, charge, dispute
):
    client.force_login(neighbour)

    direct = client.post(dispute_url(charge), {"text": "x"})
    # The neighbour's own dwelling in the address does not open another's charge.
    crossed = client.post(
        reverse("billing:dispute_charge", args=[neighbours_dwelling.pk, charge.pk]),
        {"text": "x"},
    )
    page = client.get(reverse("billing:dwelling", args=[neighbours_dwelling.pk]))

    assert (direct.status_code, crossed.status_code) == (404, 404)
    assert ChargeDispute.objects.count() == 1
    assert page.context["disputes"] == []


def test_a_delegate_neither_disputes_nor_sees_disputes(
    client, neighbour, billed_dwelling, charge, dispute
):
    DwellingAccess.objects.create(
        dwelling=billed_dwelling, user=neighbour, level=AccessLevel.VIEW_AND_PAY
    )
    client.force_login(neighbour)

    refused = client.post(dispute_url(charge), {"text": "x"})
    page = client.get(reverse("billing:dwelling", args=[billed_dwelling.pk]))

    assert refused.status_code == 404
    assert page.context["disputes"] == []
    assert "Забагато" not in page.content.decode()


def test_staff_see_only_their_providers_disputes(
    client, water_staff, heat_staff, dispute
):
    client.force_login(heat_staff)
    other = client.get(reverse("billing_disputes"))
    client.force_login(water_staff)
    own = client.get(reverse("billing_disputes"))

    assert list(other.context["disputes"]) == []
    assert list(own.context["disputes"]) == [dispute]


def test_staff_answer_and_the_resident_sees_the_answer(
    client, water_staff, resident, dispute, caplog
):
    client.force_login(water_staff)

    with caplog.at_level(logging.INFO, logger="plugins.billing.disputes"):
        response = client.post(
            answer_url(dispute),
            {"status": DisputeStatus.RESOLVED, "answer": "Перераховано"},
        )

    dispute.refresh_from_db()
    assert response.status_code == 302
    assert (dispute.status, dispute.answer, dispute.answered_by) == (
        DisputeStatus.RESOLVED,
        "Перераховано",
        water_staff,
    )
    assert dispute.answered_at is not None
    assert f"dispute {dispute.pk} answered by user {water_staff.pk}" in caplog.text
    client.force_login(resident)
    page = client.get(
        reverse("billing:dwelling", args=[dispute.charge.account.dwelling_id])
    )
    assert "Перераховано" in page.content.decode()


@pytest.mark.parametrize(
    "status", [DisputeStatus.ANSWERED, DisputeStatus.RESOLVED, DisputeStatus.REJECTED]
)
def test_an_answer_moves_an_open_dispute_to_its_status(
    client, water_staff, dispute, status
):
    client.force_login(water_staff)

    client.post(answer_url(dispute), {"status": status, "answer": "Відповідь"})

    dispute.refresh_from_db()
    assert dispute.status == status


def test_an_answer_cannot_reopen_a_dispute(client, water_staff, dispute):
    client.force_login(water_staff)

    response = client.post(
        answer_url(dispute), {"status": DisputeStatus.OPEN, "answer": "x"}
    )

    dispute.refresh_from_db()
    assert response.status_code == 200
    assert (dispute.status, dispute.answer) == (DisputeStatus.OPEN, "")


def test_staff_of_another_provider_cannot_open_or_answer(client, heat_staff, dispute):
    client.force_login(heat_staff)

    seen = client.get(answer_url(dispute))
    answered = client.post(answer_url(dispute), {"status": "resolved", "answer": "x"})

    dispute.refresh_from_db()
    assert (seen.status_code, answered.status_code) == (404, 404)
    assert dispute.status == DisputeStatus.OPEN


def test_admin_users_outside_any_provider_are_refused(
    client, django_user_model, dispute
):
    client.force_login(admin_user(django_user_model, "editor"))

    listed = client.get(reverse("billing_disputes"))
    opened = client.get(answer_url(dispute))

    # Wagtail answers a refusal in the admin by sending the user to its dashboard.
    home = reverse("wagtailadmin_home")
    assert (listed.status_code, listed.url) == (302, home)
    assert (opened.status_code, opened.url) == (302, home)


def test_superusers_see_and_answer_every_dispute(client, django_user_model, dispute):
    boss = django_user_model.objects.create_superuser(username="boss", password="x")
    client.force_login(boss)

    listed = client.get(reverse("billing_disputes"))
    client.post(answer_url(dispute), {"status": "rejected", "answer": "Ні"})

    dispute.refresh_from_db()
    assert list(listed.context["disputes"]) == [dispute]
    assert (dispute.status, dispute.answered_by) == (DisputeStatus.REJECTED, boss)
