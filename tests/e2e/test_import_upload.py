"""A provider's operator uploads the month's export in the admin; the worker
applies it while the import's page follows."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from playwright.sync_api import expect

from cms.directory.models import Provider, Service
from plugins.billing.models import Charge, ProviderStaff
from tests.billing.conftest import admin_user, export_file, export_row
from tests.second_factor import answer_code_prompt, give_authenticator

PASSWORD = "pass-1"


@pytest.fixture
def operator(transactional_db, django_user_model):
    user = admin_user(
        django_user_model, "operator", "add_billingimport", "view_billingimport"
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    water = Provider.objects.create(
        code="PVK",
        name="Комунальне підприємство «Водоканал»",
        short_name="КП «Водоканал»",
        edrpou="99990019",
        iban="UA213223130000026007233566001",
    )
    water.services.set(
        [
            Service.objects.create(
                code="water_supply", name="Водопостачання", sort_order=10
            ),
            Service.objects.create(
                code="sewerage", name="Водовідведення", sort_order=20
            ),
        ]
    )
    ProviderStaff.objects.create(user=user, provider=water)
    give_authenticator(user)
    return user


def test_an_uploaded_export_is_applied_by_the_worker(
    page, live_server, operator, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    upload = tmp_path / "pvk-2026-11.csv"
    upload.write_bytes(
        export_file([export_row(), export_row(account="100235", apartment="6")])
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", operator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    answer_code_prompt(page, operator.email)
    page.goto(f"{live_server.url}/admin/billing_imports/upload/")
    page.select_option("select[name=provider]", label="КП «Водоканал»")
    page.set_input_files("input[name=file]", str(upload))
    page.fill("input[name=month]", "2026-11")
    # The provider's first file opens its accounts.
    page.check("input[name=new_accounts]")
    page.get_by_role("button", name="Завантажити та імпортувати").click()

    # The import's page may still be loading: wait for its text, not a moment.
    expect(page.locator("main")).to_contain_text("Файл чекає на обробку")

    # The worker runs here, in the main thread, for the signals it handles.
    call_command(
        "db_worker",
        "--backend",
        "imports",
        "--queue-name",
        "imports",
        "--batch",
        "--no-startup-delay",
    )
    page.reload()

    expect(page.locator("main")).to_contain_text("застосовано")
    expect(page.locator("main")).to_contain_text("Помилок немає")
    assert Charge.objects.count() == 2
