"""Broken and hostile export files: each is rejected with a message naming the
line, field and value, never with a traceback, and nothing is written."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from plugins.billing import services
from plugins.billing.choices import ImportStatus
from plugins.billing.importing import merging
from plugins.billing.models import BillingImport, Charge, Dwelling, PersonalAccount
from tests.billing.conftest import export_file, export_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run_import(provider, data):
    return services.import_billing_export(provider, data, "pvk-2026-11.csv")


def nothing_written():
    return not (
        Dwelling.objects.exists()
        or PersonalAccount.objects.exists()
        or Charge.objects.exists()
    )


@pytest.mark.parametrize(
    ("column", "value", "shown", "named"),
    [
        ("payer", "Коваленко\x00Олена", "Коваленко\\x00Олена", "U+0000"),
        ("street", "вул.\x1b[2JСоборна", "вул.\\x1b[2JСоборна", "U+001B"),
        ("unit", "м\x7f", "м\\x7f", "U+007F"),
        ("account", "100\x85234", "100\\x85234", "U+0085"),
        ("street", "вул. Соборна\u200b", "вул. Соборна\\u200b", "U+200B"),
        ("house", "\u200d12", "\\u200d12", "U+200D"),
        ("apartment", "5\u202e", "5\\u202e", "U+202E"),
    ],
)
def test_invisible_characters_are_rejected_and_shown_escaped(
    water_provider, column, value, shown, named
):
    report = run_import(water_provider, export_file([export_row(**{column: value})]))

    assert report.rejected
    (error,) = report.errors
    assert (error.line, error.field, error.value) == (2, column, shown)
    assert named in error.message
    assert BillingImport.objects.get().status == ImportStatus.REJECTED
    assert nothing_written()


def test_a_formatting_character_is_allowed_outside_the_address(water_provider):
    # A soft hyphen or a zero-width joiner in a name duplicates no dwelling.
    report = run_import(water_provider, export_file([export_row(payer="Олена\u200d")]))

    assert not report.rejected, report.errors


@pytest.mark.parametrize("value", ["0000-01", "1999-12", "2101-01", "9999-12"])
def test_a_period_outside_the_sane_years_is_rejected(water_provider, value):
    report = run_import(water_provider, export_file([export_row(period=value)]))

    (error,) = report.errors
    assert (error.field, error.value) == ("period", value)
    assert "2000" in error.message and "2100" in error.message


@pytest.mark.parametrize("value", ["2000-01", "2100-12"])
def test_the_first_and_last_sane_years_are_accepted(water_provider, value):
    report = run_import(water_provider, export_file([export_row(period=value)]))

    assert not report.rejected, report.errors


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("persons", "7" * 5000, "more than 100 persons"),
        ("persons", "101", "more than 100 persons"),
        ("charged", "1" * 30, "more than 10 digits before the decimal point"),
        ("opening_balance", "-" + "9" * 11, "more than 10 digits before"),
        ("paid", "9999999999,995", "more than 10 digits before"),
        ("charged", "1," + "1" * 30, "more than 20 decimal places"),
        ("volume", "1" * 5000, "more than 9 digits before the decimal point"),
        ("price", "123456789", "more than 8 digits before the decimal point"),
        ("total_area", "1000000", "more than 6 digits before the decimal point"),
        ("price", "29,0520000000000000000000000001", "more than 4 decimal places"),
        ("volume", "1,0001", "more than 3 decimal places"),
    ],
)
def test_numbers_are_bounded_by_what_the_columns_hold(
    water_provider, column, value, message
):
    report = run_import(water_provider, export_file([export_row(**{column: value})]))

    assert report.rejected
    (error,) = report.errors
    assert (error.line, error.field) == (2, column)
    assert message in error.message
    assert nothing_written()


def test_zeros_that_change_nothing_are_accepted(water_provider):
    row = export_row(persons="0002", price="0029,05200", volume="6,000000")

    report = run_import(water_provider, export_file([row]))

    assert not report.rejected, report.errors
    charge = Charge.objects.get()
    assert (charge.price, charge.volume) == (Decimal("29.052"), Decimal("6"))


def test_a_price_at_the_column_limit_imports_again_without_changes(water_provider):
    row = export_row(
        price="99999999,9999",
        volume="0",
        charged="0,00",
        closing_balance="0,00",
        paid="120,50",
    )
    data = export_file([row])

    first = run_import(water_provider, data)
    again = run_import(water_provider, data)

    assert not first.rejected, first.errors
    assert again.record.rows_changed == 0


def test_an_empty_column_name_is_named_by_position(water_provider):
    data = export_file([export_row()]).replace(
        b"closing_balance\n", b"closing_balance;\n", 1
    )

    report = run_import(water_provider, data)

    assert [str(error) for error in report.errors] == [
        "line 1: empty column name at position 21"
    ]


def test_blank_lines_before_the_header_are_skipped(water_provider, good_export):
    report = run_import(water_provider, b"\n \r\n;;\n" + good_export)

    assert not report.rejected, report.errors
    assert report.record.rows == 4


def test_an_unclosed_quote_names_the_line_it_opened_on(water_provider):
    rows = [export_row(account=str(100 + n)) for n in range(30)]
    rows[3]["payer"] = '"Коваленко Олена'
    data = export_file(rows)

    report = run_import(water_provider, data)

    assert [str(error) for error in report.errors] == [
        "line 5: a quote opened on this line is not closed"
    ]
    assert nothing_written()


def test_a_huge_value_gives_one_clear_message(water_provider):
    rows = [export_row(), export_row(account="2", payer="x" * 200_000)]

    report = run_import(water_provider, export_file(rows))

    assert [str(error) for error in report.errors] == [
        "line 3: a value is longer than 131072 characters"
    ]


def test_a_huge_unclosed_quote_gives_one_clear_message(water_provider):
    rows = [export_row(payer='"' + "x" * 200_000), export_row(account="2")]

    report = run_import(water_provider, export_file(rows))

    assert [str(error) for error in report.errors] == [
        "line 2: a quote opened on this line is not closed"
    ]


def test_every_value_shown_is_cut_to_80_characters(water_provider):
    long_street = "вул. " + "Дуже довга " * 30
    data = export_file([export_row(street=long_street, house="x" * 100)])
    data = data.replace(b"account;", b"account;" + b"z" * 300 + b";", 1)

    header = run_import(water_provider, data)
    values = run_import(water_provider, export_file([export_row(house="1" * 300)]))

    for error in header.errors + values.errors:
        assert len(error.value) <= 81 and len(error.field) <= 81
        assert len(str(error)) < 300
    assert values.errors[0].value == "1" * 80 + "…"


def test_a_wrong_number_of_fields_is_shown_cut(water_provider):
    data = export_file([export_row()]) + (";".join(["x" * 50] * 10) + "\n").encode()

    report = run_import(water_provider, data)

    (error,) = report.errors
    assert error.message == "expected 20 fields, found 10"
    assert len(error.value) == 81


@override_settings(BILLING_IMPORT_MAX_ROWS=3)
def test_a_file_over_the_row_limit_is_refused(water_provider, good_export):
    report = run_import(water_provider, good_export)

    assert [str(error) for error in report.errors] == [
        "line 5: too many data rows: one import takes at most 3; "
        "split the file into smaller ones"
    ]
    assert nothing_written()


@override_settings(BILLING_IMPORT_MAX_ROWS=4)
def test_a_file_at_the_row_limit_is_taken(water_provider, good_export):
    assert not run_import(water_provider, good_export).rejected


def test_only_the_first_thousand_errors_are_kept_with_their_count(water_provider):
    rows = [export_row(account=str(n), period="11.2026") for n in range(1500)]

    report = run_import(water_provider, export_file(rows))

    record = BillingImport.objects.get()
    assert record.error_count == report.error_count == 1500
    assert len(record.errors) == len(report.errors) == 1000
    assert [e["line"] for e in record.errors[:2]] == [2, 3]
    assert record.errors[-1]["line"] == 1001


def test_the_kept_errors_are_the_first_lines_of_parsing_and_checks_together(
    water_provider,
):
    # Rows 2..1001 fail a check after parsing, rows 1002.. fail parsing.
    good = [export_row(account=str(n), closing_balance="1,00") for n in range(1000)]
    bad = [export_row(account=f"b{n}", period="x") for n in range(10)]

    report = run_import(water_provider, export_file(good + bad))

    assert report.error_count == 1010
    assert {e.field for e in report.errors} == {"closing_balance"}


def test_an_unexpected_failure_is_recorded_as_a_rejection(
    water_provider, good_export, monkeypatch, caplog
):
    # Dwellings and accounts are written by then: the failure must undo them.
    def broken(cursor):
        raise RuntimeError("surprise")

    monkeypatch.setattr(merging, "insert_charges", broken)

    report = run_import(water_provider, good_export)

    assert report.rejected
    record = BillingImport.objects.get()
    assert record.status == ImportStatus.REJECTED
    assert [e["message"] for e in record.errors] == [
        "the import failed because of an internal error; the details are in "
        "the portal's log"
    ]
    assert nothing_written()
    (logged,) = [r for r in caplog.records if r.exc_info]
    assert "PVK" in logged.getMessage() and "Коваленко" not in logged.getMessage()
