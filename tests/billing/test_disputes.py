"""Disputes of charges: residents send them about their own dwellings' charges,
one open dispute of a charge at a time and a few a day, seeing what the
portal's check found; the charging provider's staff answer them, nobody else
sees them."""

import logging
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cms.directory.models import Provider
from plugins.billing.choices import VolumeBasis
from plugins.billing.models import (
    AccessLevel,
    Charge,
    ChargeDispute,
    DisputeStatus,
    DwellingAccess,
    ProviderStaff,
)
from plugins.billing.views_disputes import SENT
from tests.billing.conftest import make_charge


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
    # The latest month has a charge of each service: the water one is meant.
    charges = billed_dwelling.accounts.get().charges
    return charges.filter(service__code="water_supply").latest("period")


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


@pytest.mark.parametrize("level", [AccessLevel.VIEW, AccessLevel.VIEW_AND_PAY])
def test_a_delegate_neither_disputes_nor_sees_disputes(
    client, neighbour, billed_dwelling, charge, dispute, level
):
    DwellingAccess.objects.create(dwelling=billed_dwelling, user=neighbour, level=level)
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


# One open dispute of a charge at a time


def english(url_name, *args):
    """The URL of the English page, to assert the text of new messages."""
    with translation.override("en"):
        return reverse(url_name, args=args)


def test_an_open_dispute_is_pointed_to_instead_of_a_second_form(
    client, resident, charge, dispute
):
    client.force_login(resident)
    url = english("billing:dispute_charge", charge.account.dwelling_id, charge.pk)

    page = client.get(url)
    refused = client.post(url, {"text": "Ще раз забагато"})

    sent_on = timezone.localtime(dispute.created_at).strftime("%d.%m.%Y")
    assert (
        f"This charge is already disputed: the dispute sent on {sent_on} awaits the "
        "provider's answer. A new dispute of it can be sent once that one is answered."
    ) in page.text
    assert f"#dispute-{dispute.pk}" in page.text
    assert 'name="text"' not in page.text
    assert refused.status_code == 409
    assert ChargeDispute.objects.count() == 1


def test_another_resident_of_the_dwelling_cannot_add_a_second_open_dispute(
    client, django_user_model, billed_dwelling, charge, dispute
):
    spouse = django_user_model.objects.create_user(username="ivan", password="x")
    billed_dwelling.residents.add(spouse)
    client.force_login(spouse)

    refused = client.post(dispute_url(charge), {"text": "Забагато"})

    assert refused.status_code == 409
    assert ChargeDispute.objects.count() == 1


def test_the_dwelling_page_has_the_anchor_the_notice_links_to(
    client, resident, charge, dispute
):
    client.force_login(resident)

    page = client.get(reverse("billing:dwelling", args=[charge.account.dwelling_id]))

    assert f'id="dispute-{dispute.pk}"' in page.text


@pytest.mark.parametrize(
    "status", [DisputeStatus.ANSWERED, DisputeStatus.RESOLVED, DisputeStatus.REJECTED]
)
def test_an_answered_dispute_lets_the_charge_be_disputed_again(
    client, resident, charge, dispute, status
):
    ChargeDispute.objects.filter(pk=dispute.pk).update(status=status)
    client.force_login(resident)

    response = client.post(dispute_url(charge), {"text": "Відповідь не влаштовує"})

    assert response.status_code == 302
    assert ChargeDispute.objects.filter(status=DisputeStatus.OPEN).count() == 1


def test_another_service_or_month_is_not_blocked(client, resident, charge, dispute):
    sewerage = charge.account.charges.get(
        service__code="sewerage", period=charge.period
    )
    october = charge.account.charges.get(
        service=charge.service, period=date(2026, 10, 1)
    )
    client.force_login(resident)

    responses = [
        client.post(dispute_url(other), {"text": "Забагато"})
        for other in (sewerage, october)
    ]

    assert [response.status_code for response in responses] == [302, 302]
    assert ChargeDispute.objects.count() == 3


# Disputes a day


def send_answered(client, charge, times):
    """Send ``times`` disputes of ``charge``, each answered before the next."""
    for _ in range(times):
        response = client.post(dispute_url(charge), {"text": "Забагато"})
        assert response.status_code == 302
        ChargeDispute.objects.update(status=DisputeStatus.ANSWERED)


def test_one_dispute_more_than_a_days_limit_waits_with_the_reason(
    client, resident, charge
):
    client.force_login(resident)
    send_answered(client, charge, SENT.most)
    url = english("billing:dispute_charge", charge.account.dwelling_id, charge.pk)

    refused = client.post(url, {"text": "Забагато"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "86400"
    assert (
        "You have sent too many disputes within a day. You can send the next one "
        "in 24 hours at the latest; the disputes already sent have reached the "
        "providers."
    ) in refused.text
    assert ChargeDispute.objects.count() == SENT.most


def test_the_days_limit_is_each_users_own(
    client, resident, neighbour, charge, neighbours_dwelling
):
    client.force_login(resident)
    send_answered(client, charge, SENT.most)
    theirs = neighbours_dwelling.accounts.get().charges.get()
    client.force_login(neighbour)

    response = client.post(dispute_url(theirs), {"text": "Забагато"})

    assert response.status_code == 302
    assert ChargeDispute.objects.filter(author=neighbour).count() == 1


# What the portal's check found, on the form


@pytest.fixture
def miscounted(billed_dwelling, services, water_tariffs):
    """December's water: 20 m³ metered at 29,052, charged 600,00 not 581,04."""
    charge = make_charge(
        billed_dwelling.accounts.get(),
        services["water_supply"],
        date(2026, 12, 1),
        volume="20",
        unit="m3",
        price="29.052",
        charged="600.00",
    )
    Charge.objects.filter(pk=charge.pk).update(
        volume_basis=VolumeBasis.METER, tariff=water_tariffs["water_supply"]
    )
    return charge


def test_the_form_shows_what_the_check_found_and_fills_in_its_amount(
    client, resident, miscounted
):
    client.force_login(resident)

    page = client.get(
        english("billing:dispute_charge", miscounted.account.dwelling_id, miscounted.pk)
    )

    assert "charged 600,00 ≠ 20 × 29,052 = 581,04" in page.text
    assert "By the portal's recomputation the charge should be 581,04 UAH" in page.text
    assert page.context["form"]["expected_amount"].value() == Decimal("581.04")


def test_a_charge_the_check_does_not_mark_shows_no_finding(
    client, resident, miscounted, services
):
    Charge.objects.filter(pk=miscounted.pk).update(charged=Decimal("581.04"))
    client.force_login(resident)

    page = client.get(dispute_url(miscounted))

    assert "charge-check differs" not in page.text
    assert page.context["form"]["expected_amount"].value() is None


# The staff's list names the dwelling, not codes


def test_the_staff_list_names_the_address_account_service_and_month(
    client, water_staff, dispute
):
    client.force_login(water_staff)

    page = client.get(reverse("billing_disputes"))

    row = page.text
    assert "вул. Соборна, 12, кв. 5" in row
    assert "100234" in row
    assert "Централізоване водопостачання" in row
    assert "Листопад 2026" in row
    assert "water_supply" not in row and "2026-11" not in row


def test_the_answer_page_names_the_address_account_service_and_month(
    client, water_staff, dispute
):
    client.force_login(water_staff)

    page = client.get(answer_url(dispute))

    assert "вул. Соборна, 12, кв. 5, о/р 100234 (КП «Водоканал»)" in page.text
    assert "Централізоване водопостачання, Листопад 2026" in page.text
    assert "water_supply" not in page.text


def test_the_staff_list_reads_as_much_for_many_disputes_as_for_one(
    client, water_staff, resident, dispute, neighbours_dwelling, neighbour, services
):
    client.force_login(water_staff)
    client.get(reverse("billing_disputes"))  # warm up the admin's own caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("billing_disputes"))
    theirs = neighbours_dwelling.accounts.get()
    for month in range(1, 6):
        charge = make_charge(theirs, services["sewerage"], date(2026, month, 1))
        ChargeDispute.objects.create(charge=charge, author=neighbour, text="Забагато")

    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("billing_disputes"))

    assert len(page.context["disputes"]) == 6
    assert len(many) == len(one)
