"""With the private bucket: a provider's export waits there for the import
worker, which reads it from there and deletes it; a month-end bill is kept
there and handed to its dwelling's owner only. Nothing touches the disk."""

from datetime import date

import pytest

from plugins.billing import bill_runs, imports
from plugins.billing.choices import ImportStatus
from plugins.billing.models import BillingImport, Charge, StoredBill
from tests.billing.conftest import bill_url, no_rendering, upload
from tests.billing.test_bill import pdf_text
from tests.buckets import MEDIA_BUCKET, PRIVATE_BUCKET, body, keys

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def no_disk(tmp_path, settings):
    """Were anything still written to the private folder, it would be here."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    yield
    assert not (tmp_path / "private").exists()


def test_an_uploaded_export_waits_in_the_private_bucket(
    client,
    uploader,
    water_provider,
    good_export,
    buckets,
):
    client.force_login(uploader)

    response = upload(client, water_provider, good_export, month="2026-11")

    record = BillingImport.objects.get()
    assert response.status_code == 302
    assert record.status == ImportStatus.QUEUED
    assert keys(buckets, PRIVATE_BUCKET) == [record.file.name]
    assert record.file.name.startswith("billing-imports/")
    assert body(buckets, PRIVATE_BUCKET, record.file.name) == good_export
    assert keys(buckets, MEDIA_BUCKET) == []


def test_the_worker_reads_the_export_from_the_bucket_then_deletes_it(
    client,
    uploader,
    water_provider,
    good_export,
    buckets,
):
    client.force_login(uploader)
    upload(client, water_provider, good_export, month="2026-11")
    record = BillingImport.objects.get()

    status = imports.run_queued_import(record.pk)

    record.refresh_from_db()
    assert status == ImportStatus.APPLIED
    assert record.rows == 4 and Charge.objects.count() == 4
    assert record.file.name == ""
    assert keys(buckets, PRIVATE_BUCKET) == []


def test_an_export_gone_from_the_bucket_rejects_the_import(
    client,
    uploader,
    water_provider,
    good_export,
    buckets,
):
    client.force_login(uploader)
    upload(client, water_provider, good_export, month="2026-11")
    record = BillingImport.objects.get()
    buckets.delete_object(Bucket=PRIVATE_BUCKET, Key=record.file.name)

    status = imports.run_queued_import(record.pk)

    assert status == ImportStatus.REJECTED
    assert not Charge.objects.exists()


def test_month_end_bills_are_kept_in_the_private_bucket(
    dwellings,
    buckets,
):
    run = bill_runs.start_run(NOVEMBER, None)

    assert (run.done, run.failed) == (3, 0)
    assert keys(buckets, PRIVATE_BUCKET) == sorted(
        f"bills/2026-11/{dwelling.pk}.pdf" for dwelling in dwellings
    )
    assert keys(buckets, MEDIA_BUCKET) == []


def test_the_owner_is_handed_the_bill_kept_in_the_bucket(
    client,
    resident,
    dwellings,
    buckets,
    monkeypatch,
):
    billed = dwellings[0]
    bill_runs.start_run(NOVEMBER, None)
    stored = StoredBill.objects.get(dwelling=billed)
    no_rendering(monkeypatch)
    client.force_login(resident)

    response = client.get(bill_url(billed))

    assert response.status_code == 200
    assert response.content == body(buckets, PRIVATE_BUCKET, stored.file.name)


def test_nobody_else_is_handed_a_bill_kept_in_the_bucket(
    client,
    resident,
    dwellings,
    buckets,
    monkeypatch,
):
    bill_runs.start_run(NOVEMBER, None)
    no_rendering(monkeypatch)
    client.force_login(resident)

    for other in dwellings[1:]:
        assert client.get(bill_url(other)).status_code == 404


def test_a_bill_expired_from_the_bucket_is_made_anew(
    client,
    resident,
    dwellings,
    buckets,
):
    billed = dwellings[0]
    bill_runs.start_run(NOVEMBER, None)
    stored = StoredBill.objects.get(dwelling=billed)
    buckets.delete_object(Bucket=PRIVATE_BUCKET, Key=stored.file.name)
    client.force_login(resident)

    response = client.get(bill_url(billed))

    assert response.status_code == 200
    assert "1 234,56 грн" in pdf_text(response.content)
