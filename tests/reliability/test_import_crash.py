"""A provider's import is one transaction: killed at any step of its merge, it
leaves every table as it was, and its record says it was rejected for an
internal error."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import translation

from cms.audit.models import AuditEntry
from plugins.billing import cabinet_notices, importing, imports, partitions
from plugins.billing.choices import ImportStatus
from plugins.billing.importing import merging
from plugins.billing.models import BillingImport, Charge, ChargeDispute, SubsidyGrant
from plugins.billing.tasks import run_billing_import
from tests.billing.conftest import export_file, export_row
from tests.reliability.planting import PlantedError, crash
from tests.reliability.snapshots import changed_tables, snapshot

pytestmark = pytest.mark.django_db

INTERNAL_ERROR = (
    "the import failed because of an internal error; the details are in "
    "the portal's log"
)


def finish_crashing_when_applied(record, run, started, status, **values):
    # The rejection that follows the crash must still be recorded.
    if status == ImportStatus.APPLIED:
        raise PlantedError("planted")
    return REAL_FINISH(record, run, started, status, **values)


def audit_crashing_when_applied(record, action, **facts):
    if action == "billing.import.applied":
        raise PlantedError("planted")
    return REAL_AUDIT(record, action, **facts)


REAL_FINISH = imports.finish
REAL_AUDIT = imports.record_in_audit

# Every step of an import, from staging the file to its entry in the audit log.
STEPS = {
    "stage": (importing.ImportRun, "stage", crash),
    "partitions": (partitions, "ensure_months", crash),
    "check": (importing.ImportRun, "check", crash),
    "merge": (importing.ImportRun, "merge", crash),
    "merge_dwellings": (merging, "merge_dwellings", crash),
    "merge_accounts": (merging, "merge_accounts", crash),
    "apply_grants": (merging, "apply_grants", crash),
    "plan_charges": (merging, "plan_charges", crash),
    "create_metered": (merging, "create_metered", crash),
    "lock_directory": (merging, "lock_directory", crash),
    "remove_missing_charges": (merging, "remove_missing_charges", crash),
    "update_charges": (merging, "update_charges", crash),
    "insert_charges": (merging, "insert_charges", crash),
    "changed_in_bulk": (imports, "changed_in_bulk", crash),
    "bills_ready": (cabinet_notices, "bills_ready", crash),
    "finish": (imports, "finish", finish_crashing_when_applied),
    "audit": (imports, "record_in_audit", audit_crashing_when_applied),
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def november_applied(water_provider, good_export, resident):
    """November's file applied, a resident linked to the flat, a dispute about
    a charge the correction drops, and a subsidy granted for December."""
    imports.import_billing_export(water_provider, good_export, "pvk-2026-11.csv")
    sewerage = Charge.objects.get(account__number="100234", service__code="sewerage")
    sewerage.account.dwelling.residents.add(resident)
    ChargeDispute.objects.create(charge=sewerage, author=resident, text="Забагато")
    SubsidyGrant.objects.create(
        dwelling=sewerage.account.dwelling,
        service=sewerage.service,
        reference="СП-2026/117",
        monthly=Decimal("40.00"),
        period_from=date(2026, 11, 1),
        period_to=date(2026, 12, 1),
    )
    return water_provider


def correction():
    """A corrected November and a new December: amounts change, one charge is
    dropped, and a new account at a new address comes."""
    return export_file(
        [
            export_row(charged="180.00", closing_balance="180.00"),
            export_row(
                period="2026-12",
                opening_balance="180,00",
                paid="0,00",
                closing_balance="354,31",
            ),
            export_row(
                account="100299",
                access_code="1111",
                payer="Бондар Ірина Петрівна",
                apartment="9",
                service="sewerage",
                price="11,40",
                opening_balance="0,00",
                charged="68,40",
                paid="0,00",
                closing_balance="68,40",
            ),
        ]
    )


def outcome_of_the_rejection(before, after):
    """The one import record the failed attempt added, and its audit entry."""
    (record,) = BillingImport.objects.exclude(
        pk__in=[row["id"] for row in before["billing.BillingImport"]]
    )
    (entry,) = AuditEntry.objects.exclude(
        pk__in=[row["id"] for row in before["audit.AuditEntry"]]
    )
    return record, entry


def test_without_a_crash_the_correction_changes_every_table_it_writes(
    november_applied, django_capture_on_commit_callbacks
):
    before = snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        report = imports.import_billing_export(
            november_applied, correction(), "pvk-2026-12.csv"
        )

    assert report.record.status == ImportStatus.APPLIED
    assert {
        "billing.Dwelling",
        "billing.PersonalAccount",
        "billing.Charge",
        "billing.ChargeDispute",
        "notifications.Notice",
    } <= set(changed_tables(before, snapshot()))


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_at_any_step_changes_nothing_but_the_record(
    step, november_applied, monkeypatch, django_capture_on_commit_callbacks
):
    owner, name, replacement = STEPS[step]
    monkeypatch.setattr(owner, name, replacement)
    before = snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        report = imports.import_billing_export(
            november_applied, correction(), "pvk-2026-12.csv"
        )

    after = snapshot()
    assert changed_tables(before, after) == [
        "audit.AuditEntry",
        "billing.BillingImport",
    ]
    record, entry = outcome_of_the_rejection(before, after)
    assert report.rejected and report.record == record
    assert record.status == ImportStatus.REJECTED
    assert record.rows_changed == 0
    assert record.error_count == 1
    assert [error["message"] for error in record.errors] == [INTERNAL_ERROR]
    assert entry.action == "billing.import.rejected"


@pytest.mark.parametrize("step", ["merge_dwellings", "update_charges", "finish"])
def test_a_crash_in_the_queued_task_changes_nothing_but_the_record(
    step, november_applied, resident, monkeypatch, django_capture_on_commit_callbacks
):
    record = imports.queue_import(
        november_applied,
        SimpleUploadedFile("pvk-2026-12.csv", correction()),
        admin_user(resident),
        importing.DEFAULT_FORMAT,
        None,
    )
    owner, name, replacement = STEPS[step]
    monkeypatch.setattr(owner, name, replacement)
    before = snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        status = run_billing_import.call(record.pk)

    after = snapshot()
    assert status == ImportStatus.REJECTED
    assert changed_tables(before, after) == [
        "audit.AuditEntry",
        "billing.BillingImport",
    ]
    record.refresh_from_db()
    assert record.status == ImportStatus.REJECTED
    assert [error["message"] for error in record.errors] == [INTERNAL_ERROR]
    assert not record.file


def admin_user(user):
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_import_committed_leaves_it_applied(
    water_provider, good_export, resident, monkeypatch
):
    # The residents' notices follow the commit; by then the file is applied,
    # and its record must say so whatever happens to them.
    monkeypatch.setattr(cabinet_notices, "tell_bills", crash)
    # The audit log outlives the flush between transactional tests.
    start = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0

    report = imports.import_billing_export(water_provider, good_export, "pvk.csv")

    record = BillingImport.objects.get()
    assert Charge.objects.count() == 4
    assert record.status == ImportStatus.APPLIED
    assert not report.rejected
    assert list(
        AuditEntry.objects.filter(pk__gt=start).values_list("action", flat=True)
    ) == ["billing.import.applied"]
