"""What billing leaves in the audit log: imports applied and rejected, bill
runs started, delegated access, provider staff, deleted dwellings and
accounts; each once, with who acted, and never a payer's name."""

from datetime import date

import pytest
from django.urls import reverse

from plugins.billing import access, bill_runs, services
from plugins.billing.models import AccessLevel, PersonalAccount, ProviderStaff
from tests.audit.conftest import stored_text
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db

PAYERS = ("Коваленко", "Шевченко", "olena@example.org", "petro@example.org")


def test_an_applied_import_is_recorded_with_its_uploader_and_counts(
    water_provider, good_export, uploader, audit_entries
):
    report = services.import_billing_export(
        water_provider, good_export, "pvk-2026-11.csv", user=uploader
    )

    [entry] = audit_entries("billing.import.applied")
    assert entry.actor_id == uploader.pk
    assert (entry.target_type, entry.target_id) == (
        "billing.billingimport",
        str(report.record.pk),
    )
    assert entry.facts == {
        "provider": "PVK",
        "rows": 4,
        "rows_changed": report.result.changed,
        "sha256": report.record.sha256,
    }
    assert not any(payer in stored_text(audit_entries()) for payer in PAYERS)


def test_a_rejected_import_is_recorded_with_its_error_count(
    water_provider, uploader, audit_entries
):
    bad = export_file([export_row(), export_row(account="", period="2026-13")])

    services.import_billing_export(water_provider, bad, "bad.csv", user=uploader)

    [entry] = audit_entries("billing.import.rejected")
    assert entry.actor_id == uploader.pk
    assert entry.facts["provider"] == "PVK"
    assert entry.facts["rows_changed"] == 0
    assert entry.facts["errors"] >= 2
    assert audit_entries("billing.import.applied") == []
    assert "Коваленко" not in stored_text(audit_entries())


def test_a_command_import_has_no_actor(water_provider, good_export, audit_entries):
    services.import_billing_export(water_provider, good_export, "pvk.csv")

    [entry] = audit_entries("billing.import.applied")
    assert entry.actor_id is None


def test_starting_a_bill_run_is_recorded(admin_user, audit_entries):
    run = bill_runs.start_run(date(2026, 11, 1), admin_user)

    [entry] = audit_entries("billing.bill_run.started")
    assert entry.actor_id == admin_user.pk
    assert entry.target_id == str(run.pk)
    assert entry.facts == {"month": "2026-11", "dwellings": 0}


def test_granting_and_withdrawing_access_are_recorded(
    billed_dwelling, resident, neighbour, audit_entries
):
    grant = access.grant(
        resident, billed_dwelling, "petro@example.org", AccessLevel.VIEW_AND_PAY
    )
    access.withdraw(resident, billed_dwelling, grant.pk)

    [granted] = audit_entries("billing.access.granted")
    [withdrawn] = audit_entries("billing.access.withdrawn")
    for entry in (granted, withdrawn):
        assert entry.actor_id == resident.pk
        assert entry.target_id == str(grant.pk)
        assert entry.facts["dwelling_id"] == billed_dwelling.pk
        assert entry.facts["delegate_id"] == neighbour.pk
        assert entry.facts["level"] == AccessLevel.VIEW_AND_PAY
    assert withdrawn.facts["reason"] == "owner"
    assert "petro@example.org" not in stored_text(audit_entries())


def test_a_delegation_ending_as_its_owner_unlinks_is_recorded(
    billed_dwelling, resident, neighbour, audit_entries
):
    grant = access.grant(resident, billed_dwelling, "petro@example.org", "view")

    ended = access.withdraw_on_unlink(resident, billed_dwelling)

    [entry] = audit_entries("billing.access.withdrawn")
    assert ended == [grant.pk]
    assert entry.facts["reason"] == "owner unlinked"


def test_provider_staff_added_and_removed_through_the_admin_are_recorded(
    client, admin_user, neighbour, water_provider, audit_entries
):
    client.force_login(admin_user)

    client.post(
        reverse("provider_staff:add"),
        {"user": neighbour.pk, "provider": water_provider.pk},
    )
    link = ProviderStaff.objects.get(user=neighbour)
    client.post(reverse("provider_staff:delete", args=[link.pk]))

    [added] = audit_entries("billing.provider_staff.added")
    [removed] = audit_entries("billing.provider_staff.removed")
    assert not ProviderStaff.objects.exists()
    for entry in (added, removed):
        assert entry.actor_id == admin_user.pk
        assert entry.facts == {"user_id": neighbour.pk, "provider": "PVK"}


def test_deleting_a_dwelling_records_it_and_its_accounts(
    billed_dwelling, audit_entries
):
    account = PersonalAccount.objects.get(dwelling=billed_dwelling)
    dwelling_id = billed_dwelling.pk

    billed_dwelling.delete()

    [dwelling_entry] = audit_entries("billing.dwelling.deleted")
    [account_entry] = audit_entries("billing.account.deleted")
    assert dwelling_entry.target_id == str(dwelling_id)
    assert dwelling_entry.actor_id is None
    assert account_entry.target_id == str(account.pk)
    assert account_entry.facts == {
        "dwelling_id": dwelling_id,
        "provider": "PVK",
    }
    assert "Коваленко" not in stored_text(audit_entries())


def test_moving_a_staff_link_to_another_user_is_recorded(
    client, admin_user, resident, neighbour, water_provider, audit_entries
):
    link = ProviderStaff.objects.create(user=resident, provider=water_provider)
    client.force_login(admin_user)

    client.post(
        reverse("provider_staff:edit", args=[link.pk]),
        {"user": neighbour.pk, "provider": water_provider.pk},
    )

    [changed] = audit_entries("billing.provider_staff.changed")
    assert changed.actor_id == admin_user.pk
    assert changed.facts == {"user_id": neighbour.pk, "provider": "PVK"}
