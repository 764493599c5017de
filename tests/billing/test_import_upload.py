"""Uploading an export in the admin: who may, the queued import, the worker
that applies it, and the page that follows it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from plugins.billing import imports
from plugins.billing.choices import ImportStatus
from plugins.billing.models import BillingImport, Charge, ProviderStaff
from tests.billing.conftest import UPLOAD, admin_user, export_file, export_row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    """Uploads wait in the test's own folder, never in var/private."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_the_upload_returns_at_once_with_a_queued_import(
    client, uploader, water_provider, good_export, django_capture_on_commit_callbacks
):
    client.force_login(uploader)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, water_provider, good_export)

    record = BillingImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("billing_imports:inspect", args=[record.pk])
    assert record.status == ImportStatus.QUEUED
    assert record.created_by == uploader
    assert not Charge.objects.exists()
    (task,) = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [record.pk]
    # Its own queue: the import workers take it, the e-mail workers never do.
    assert (task.backend_name, task.queue_name) == ("imports", "imports")

    page = client.get(response["Location"])
    assert "Файл чекає на обробку" in page.content.decode()
    assert 'http-equiv="refresh"' in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_applies_the_queued_file_and_forgets_it(
    client, uploader, water_provider, good_export, tmp_path
):
    client.force_login(uploader)
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path):
        upload(client, water_provider, good_export, month="2026-11")
        stored = BillingImport.objects.get().file.path

        call_command(
            "db_worker",
            "--backend",
            "imports",
            "--queue-name",
            "imports",
            "--batch",
            "--no-startup-delay",
        )

    record = BillingImport.objects.get()
    assert record.status == ImportStatus.APPLIED
    assert record.rows == 4 and record.rows_changed == 4
    assert Charge.objects.count() == 4
    assert record.file.name == ""
    assert not (tmp_path / stored).exists()

    page = client.get(
        reverse("billing_imports:inspect", args=[record.pk])
    ).content.decode()
    assert "Файл чекає" not in page and 'http-equiv="refresh"' not in page


def test_a_task_delivered_twice_imports_once(
    uploader, water_provider, good_export, tmp_path
):
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path):
        record = imports.queue_import(
            water_provider,
            SimpleUploadedFile("pvk.csv", good_export),
            uploader,
            "portal",
            None,
        )
        assert imports.run_queued_import(record.pk) == ImportStatus.APPLIED
        assert imports.run_queued_import(record.pk) == ImportStatus.APPLIED

    assert BillingImport.objects.count() == 1
    assert Charge.objects.count() == 4


def test_a_row_of_another_month_rejects_the_file(uploader, water_provider, tmp_path):
    data = export_file([export_row(), export_row(account="100235", period="2026-10")])
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path):
        record = imports.queue_import(
            water_provider,
            SimpleUploadedFile("pvk.csv", data),
            uploader,
            "portal",
            None,
        )
        BillingImport.objects.filter(pk=record.pk).update(month=date(2026, 11, 1))
        imports.run_queued_import(record.pk)

    record.refresh_from_db()
    assert record.status == ImportStatus.REJECTED
    assert record.errors == [
        {
            "line": 3,
            "field": "period",
            "value": "2026-10",
            "message": "імпорт — за 2026-11; цей рядок — за інший місяць",
        }
    ]
    assert not Charge.objects.exists()


def test_staff_upload_only_for_their_own_provider(client, uploader, services):
    from cms.directory.models import Provider

    heat = Provider.objects.create(
        code="TEPLO", name="Тепломережа", short_name="Тепломережа", edrpou="99990026"
    )
    client.force_login(uploader)

    response = upload(client, heat, export_file([export_row()]))

    assert response.status_code == 200
    assert "provider" in response.context["form"].errors
    assert not BillingImport.objects.exists()


def test_without_the_permission_the_upload_is_forbidden(
    client, django_user_model, water_provider
):
    editor = admin_user(django_user_model, "editor", "view_billingimport")
    ProviderStaff.objects.create(user=editor, provider=water_provider)
    client.force_login(editor)

    # The admin turns a refusal into its dashboard with a message.
    assert client.get(UPLOAD)["Location"] == "/admin/"
    assert upload(client, water_provider, b"account\n")["Location"] == "/admin/"
    assert not BillingImport.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(UPLOAD)

    assert response.status_code == 302
    assert "login" in response["Location"]


@override_settings(BILLING_IMPORT_MAX_BYTES=2**20)
def test_a_file_too_large_or_a_bad_month_is_refused_with_a_reason(
    client, uploader, water_provider
):
    client.force_login(uploader)

    response = upload(client, water_provider, b"x" * (2**20 + 1), month="11.2026")

    errors = response.context["form"].errors
    assert errors["file"] == ["Файл займає 2 МБ; приймається щонайбільше 1 МБ."]
    assert errors["month"] == [
        "Місяць треба записати як РРРР-ММ, наприклад 2026-11, а не 11.2026."
    ]
    assert not BillingImport.objects.exists()


def test_progress_shows_rows_read_of_the_expected(client, uploader, water_provider):
    record = BillingImport.objects.create(
        provider=water_provider,
        file_name="big.csv",
        sha256="0" * 64,
        status=ImportStatus.RUNNING,
        rows=350_000,
        expected_rows=1_000_000,
    )
    client.force_login(uploader)

    page = client.get(
        reverse("billing_imports:inspect", args=[record.pk])
    ).content.decode()

    assert 'value="350000"' in page and 'max="1000000"' in page


def test_the_import_page_names_its_month_or_a_dash(client, uploader, water_provider):
    named, unnamed = (
        BillingImport.objects.create(
            provider=water_provider,
            file_name=f"{month}.csv",
            sha256="0" * 64,
            status=ImportStatus.APPLIED,
            month=month,
        )
        for month in (date(2026, 11, 1), None)
    )
    client.force_login(uploader)

    def field(record):
        page = client.get(reverse("billing_imports:inspect", args=[record.pk]))
        return page.content.decode().split("Місяць", 1)[1][:200]

    assert "Листопад 2026" in field(named)
    assert "None" not in field(unnamed) and "—" in field(unnamed)


def test_the_form_opens_no_accounts_unless_ticked(client, uploader):
    client.force_login(uploader)

    page = client.get(UPLOAD).content.decode()

    box = page.split('name="new_accounts"', 1)[0].rsplit("<input", 1)[1]
    assert "checked" not in box


def test_the_import_page_says_yes_or_no_and_an_empty_list_says_what_to_do(
    client, uploader, water_provider
):
    client.force_login(uploader)

    empty = client.get(reverse("billing_imports:index")).content.decode()
    record = BillingImport.objects.create(
        provider=water_provider,
        file_name="first.csv",
        sha256="0" * 64,
        status=ImportStatus.APPLIED,
        new_accounts=True,
    )
    page = client.get(reverse("billing_imports:inspect", args=[record.pk]))
    opened = page.content.decode().split("відкривати нові рахунки", 1)[1][:200]

    assert "Жодного файлу нарахувань ще не імпортовано." in empty
    assert "There are no" not in empty
    assert "так" in opened and "True" not in opened
