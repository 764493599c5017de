"""Loading a provider's monthly export: all or nothing, idempotent, to the kopeck."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import translation

from plugins.billing import services
from plugins.billing.choices import ImportStatus
from plugins.billing.models import BillingImport, Charge, Dwelling, PersonalAccount
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "docs/samples/billing-export-example.csv"


@pytest.fixture(autouse=True)
def english():
    """Error messages are compared in English, whatever the site's language."""
    with translation.override("en"):
        yield


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Dwelling, PersonalAccount, Charge)
    }


def run_import(provider, data):
    return services.import_billing_export(provider, data, "pvk-2026-11.csv")


def test_a_good_file_is_stored_to_the_kopeck(water_provider, good_export):
    report = run_import(water_provider, good_export)

    assert not report.rejected
    assert report.record.status == ImportStatus.APPLIED
    assert (report.record.rows, report.record.rows_changed) == (4, 4)
    assert table_counts() == {"Dwelling": 2, "PersonalAccount": 2, "Charge": 4}

    charge = Charge.objects.get(
        account__number="100235", service__code="water_supply", period=date(2026, 11, 1)
    )
    assert charge.opening_balance == Decimal("0.00")
    assert charge.volume == Decimal("3.500")
    assert charge.price == Decimal("29.0520")
    assert charge.charged == Decimal("101.68")
    assert charge.benefit == Decimal("25.42")
    assert charge.recalculation == Decimal("-10.00")
    assert charge.closing_balance == Decimal("66.26")
    assert charge.unit == "м³"

    sewerage = Charge.objects.get(account__number="100235", service__code="sewerage")
    assert sewerage.opening_balance == Decimal("-20.00")


def test_new_accounts_and_dwellings_are_created_from_the_rows(
    water_provider, good_export
):
    run_import(water_provider, good_export)

    account = PersonalAccount.objects.select_related("dwelling").get(number="100235")
    assert account.provider == water_provider
    assert account.access_code == "7390"
    assert account.payer_name == "Шевченко Петро Миколайович"
    assert account.dwelling.address == "вул. Соборна, 12, кв. 6"
    assert account.dwelling.total_area == Decimal("38.10")
    assert account.dwelling.registered_persons == 1


def test_a_charge_is_linked_to_the_tariff_its_price_comes_from(
    water_provider, water_tariffs, good_export
):
    run_import(water_provider, good_export)

    charge = Charge.objects.filter(service__code="sewerage").first()
    assert charge.tariff == water_tariffs["sewerage"]


def test_importing_the_same_file_again_changes_nothing(water_provider, good_export):
    run_import(water_provider, good_export)
    before = table_counts()

    report = run_import(water_provider, good_export)

    assert report.record.status == ImportStatus.APPLIED
    assert report.record.rows_changed == 0
    assert report.result.changed == 0
    assert report.result.accounts_created == report.result.dwellings_created == 0
    assert table_counts() == before


def test_a_payer_renamed_counts_as_changed(water_provider, good_export):
    run_import(water_provider, good_export)
    renamed = good_export.replace(
        "Коваленко Олена Іванівна".encode(), "Коваленко-Бойко Олена Іванівна".encode()
    )

    report = run_import(water_provider, renamed)

    assert report.result.accounts_updated == 1
    assert report.result.changed == report.record.rows_changed == 2
    assert report.result.charges_updated == 0


def test_an_access_code_changed_counts_as_changed(water_provider, good_export):
    run_import(water_provider, good_export)
    # The whole month again, since a file replaces the months it covers.
    changed = good_export.replace(b";4821;", b";9999;")

    report = run_import(water_provider, changed)

    # Both rows of the account changed, and no charge.
    assert report.record.rows_changed == 2
    assert report.result.charges_updated == 0
    assert PersonalAccount.objects.get(number="100234").access_code == "9999"


def test_a_corrected_file_updates_the_charge_in_place(water_provider, good_export):
    run_import(water_provider, good_export)
    # The first row's paid and closing balance, corrected in the whole month.
    corrected = good_export.replace(b";120,50;174,31\n", b";100,00;194,81\n")
    assert corrected != good_export

    report = run_import(water_provider, corrected)

    assert report.result.charges_updated == 1
    assert report.record.rows_changed == 1
    charge = Charge.objects.get(account__number="100234", service__code="water_supply")
    assert charge.paid == Decimal("100.00")
    assert charge.closing_balance == Decimal("194.81")
    assert Charge.objects.count() == 4


def test_money_is_rounded_half_up_to_kopecks(water_provider):
    data = export_file(
        [export_row(charged="174,305", paid="120,495", closing_balance="174,31")]
    )

    report = run_import(water_provider, data)

    assert not report.rejected, report.errors
    charge = Charge.objects.get()
    assert (charge.charged, charge.paid) == (Decimal("174.31"), Decimal("120.50"))


def test_a_bad_row_rejects_the_whole_file_naming_line_field_and_value(
    water_provider, good_export
):
    lines = good_export.decode().splitlines()
    lines[3] = lines[3].replace(";3,5;", ";-3,5;")
    before = table_counts()

    report = run_import(water_provider, "\n".join(lines).encode())

    assert report.rejected
    assert [str(error) for error in report.errors] == [
        "line 4, field volume, value '-3,5': cannot be negative"
    ]
    assert table_counts() == before
    assert table_counts() == {"Dwelling": 0, "PersonalAccount": 0, "Charge": 0}


def test_a_rejected_file_is_recorded_with_all_its_errors(water_provider):
    data = export_file(
        [
            export_row(period="2026-13"),
            export_row(service="sewerage", opening_balance="abc", price="1,23456"),
        ]
    )

    report = run_import(water_provider, data)

    record = BillingImport.objects.get()
    assert record == report.record
    assert record.status == ImportStatus.REJECTED
    assert record.rows == 2
    assert [(e["line"], e["field"], e["value"]) for e in record.errors] == [
        (2, "period", "2026-13"),
        (3, "opening_balance", "abc"),
        (3, "price", "1,23456"),
    ]


def test_a_closing_balance_off_by_a_kopeck_is_rejected(water_provider):
    data = export_file([export_row(closing_balance="174,30")])

    report = run_import(water_provider, data)

    assert report.rejected
    (error,) = report.errors
    assert (error.line, error.field, error.value) == (2, "closing_balance", "174,30")
    assert error.message.endswith("= 174,31")
    assert Charge.objects.count() == 0


def test_an_unknown_service_is_rejected(water_provider):
    data = export_file([export_row(service="gas_supply")])

    report = run_import(water_provider, data)

    assert report.rejected
    assert [(e.line, e.field, e.value) for e in report.errors] == [
        (2, "service", "gas_supply")
    ]
    assert report.errors[0].message == "unknown service code"
    assert PersonalAccount.objects.count() == 0


def test_a_service_the_provider_does_not_offer_is_rejected(water_provider, services):
    data = export_file([export_row(service="central_heating")])

    report = run_import(water_provider, data)

    assert report.rejected
    assert "does not offer" in report.errors[0].message


def test_a_row_repeating_account_service_and_period_is_rejected(water_provider):
    data = export_file([export_row(), export_row()])

    report = run_import(water_provider, data)

    assert [(e.line, e.field) for e in report.errors] == [(3, "service")]
    assert "line 2" in report.errors[0].message


def test_rows_of_one_account_must_agree_on_the_dwelling(water_provider):
    data = export_file(
        [export_row(), export_row(service="sewerage", apartment="7")],
    )

    report = run_import(water_provider, data)

    assert [(e.line, e.field, e.value) for e in report.errors] == [
        (3, "apartment", "7")
    ]


def test_a_known_account_cannot_move_to_another_address(water_provider, good_export):
    run_import(water_provider, good_export)

    report = run_import(water_provider, export_file([export_row(house="14")]))

    assert report.rejected
    assert report.errors[0].field == "street"
    assert Dwelling.objects.count() == 2


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("account", ""),
        ("total_area", "0"),
        ("persons", "two"),
        ("period", "2026-1"),
        ("volume", "1 000"),
        ("charged", "-5,00"),
        ("paid", "1e3"),
    ],
)
def test_each_malformed_value_is_named(water_provider, column, value):
    data = export_file([export_row(**{column: value})])

    report = run_import(water_provider, data)

    assert report.rejected
    assert (report.errors[0].line, report.errors[0].field) == (2, column)


def test_a_missing_column_rejects_the_file(water_provider):
    columns = [name for name in export_row() if name != "benefit"]
    data = export_file([export_row()], columns=columns)

    report = run_import(water_provider, data)

    assert [(e.line, e.field) for e in report.errors] == [(1, "benefit")]


def test_a_file_that_is_not_utf8_is_rejected_naming_the_line(water_provider):
    data = export_file([export_row(unit="m3")]).decode().encode("cp1251")

    report = run_import(water_provider, data)

    assert report.rejected
    (error,) = report.errors
    assert (error.line, error.value) == (2, "")
    assert error.message == "the file is not UTF-8 text (save it as UTF-8)"


@pytest.mark.parametrize("data", [b"", b"\n\n", "\ufeff \r\n".encode()])
def test_an_empty_file_is_rejected_once(water_provider, data):
    report = run_import(water_provider, data)

    assert report.rejected
    assert [(e.line, e.message) for e in report.errors] == [(1, "the file is empty")]


@pytest.mark.parametrize(
    ("delimiter", "named"),
    [(",", "«,» (comma)"), ("\t", "tab"), ("|", "«|» (vertical bar)")],
)
def test_a_header_with_another_delimiter_is_named_once(
    water_provider, delimiter, named
):
    data = export_file([export_row()]).decode().replace(";", delimiter).encode()

    report = run_import(water_provider, data)

    assert [(e.line, e.message) for e in report.errors] == [
        (1, f"columns must be separated by «;» (semicolon), this file uses {named}")
    ]


def test_a_one_column_header_is_not_mistaken_for_a_delimiter(water_provider):
    report = run_import(water_provider, b"account\n100234\n")

    assert {e.message for e in report.errors} == {"required column is missing"}


WHOLE_AMOUNTS = dict.fromkeys(
    ("opening_balance", "benefit", "subsidy", "recalculation", "paid"), "0"
)


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ({"closing_balance": "174,30"}, "174,31"),
        (
            {
                "opening_balance": "120.50",
                "charged": "174.31",
                "benefit": "0.00",
                "subsidy": "0.00",
                "recalculation": "0.00",
                "paid": "120.50",
                "closing_balance": "174.30",
            },
            "174.31",
        ),
        ({**WHOLE_AMOUNTS, "charged": "150", "closing_balance": "140"}, "150,00"),
    ],
    ids=["comma", "point", "whole-numbers"],
)
def test_the_expected_closing_balance_is_written_in_the_files_style(
    water_provider, amounts, expected
):
    data = export_file([export_row(**amounts)])

    report = run_import(water_provider, data)

    (error,) = report.errors
    assert error.field == "closing_balance"
    assert error.message.endswith(f"= {expected}")


def test_import_messages_are_ukrainian_in_a_ukrainian_city(water_provider):
    with translation.override("uk"):
        report = run_import(water_provider, b"")

    assert report.record.errors[0]["message"] == "файл порожній"


def test_the_documented_example_file_loads(water_provider):
    report = run_import(water_provider, SAMPLE.read_bytes())

    assert not report.rejected, report.errors
    assert report.record.rows == 6


def test_a_user_without_the_import_permission_is_refused(
    water_provider, good_export, resident
):
    with pytest.raises(PermissionDenied):
        services.import_billing_export(water_provider, good_export, "x.csv", resident)

    assert BillingImport.objects.count() == 0


def test_staff_with_the_import_permission_is_recorded_as_the_uploader(
    water_provider, good_export, resident
):
    resident.user_permissions.add(Permission.objects.get(codename="add_billingimport"))
    staff = type(resident).objects.get(pk=resident.pk)

    report = services.import_billing_export(water_provider, good_export, "x.csv", staff)

    assert report.record.created_by == staff
