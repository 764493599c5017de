"""Providers' own file layouts: encodings, delimiters, column names and DBF."""

import tomllib
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cms.directory.models import Provider
from plugins.billing import services
from plugins.billing.importing import FormatError, formats, load_format
from plugins.billing.models import Charge
from tests.billing.conftest import export_file, export_row
from tests.billing.dbf_writer import dbf_bytes

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)

WATER_HEADER = (
    "Район;Особовий рахунок;Код;Платник;Вулиця;Будинок;Квартира;Площа;"
    "Зареєстровано;Послуга;Місяць;Сальдо на початок;Обсяг;Од. виміру;Тариф;"
    "Нараховано;Пільга;Субсидія;Перерахунок;Оплачено;Сальдо на кінець"
)
WATER_ROWS = (
    "Центральний; 100234 ;4821;Коваленко Олена Іванівна;вул. Соборна;12;5;52,40;"
    "2;ХВ;11.2026;120,50;6,000;м3;29,052;174,31;0,00;0,00;0,00;120,50; 174,31",
    "Центральний;100235;7390;Шевченко Петро Миколайович;вул. Соборна;12;6;38,10;"
    "1;ВВ;11.2026;0,00;3,500;м3;11,40;39,90;25,42;0,00;-10,00;0,00;4,48",
)

HEAT_FIELDS = [
    ("LS", "C", 10, 0),
    ("KOD", "C", 6, 0),
    ("FIO", "C", 40, 0),
    ("ULICA", "C", 30, 0),
    ("DOM", "C", 6, 0),
    ("KV", "C", 5, 0),
    ("PLOSCH", "N", 8, 2),
    ("LUDI", "N", 3, 0),
    ("USL", "N", 2, 0),
    ("GOD", "N", 4, 0),
    ("MES", "N", 2, 0),
    ("SALDO_N", "N", 12, 2),
    ("OBYEM", "N", 12, 3),
    ("ED", "C", 6, 0),
    ("TARIF", "N", 12, 4),
    ("NACH", "N", 12, 2),
    ("LGOTA", "N", 12, 2),
    ("SUBS", "N", 12, 2),
    ("PERERAS", "N", 12, 2),
    ("OPLATA", "N", 12, 2),
    ("SALDO_K", "N", 12, 2),
]
HEAT_RECORDS = [
    # 12.30 and 0.10 are the amounts a float would misstate.
    ("200501", "3141", "Бондар Ганна Ярославна", "вул. Шевченка", "7", "",
     "84.00", "4", "1", "2026", "11", "12.30", "1.520", "Гкал", "1802.1400",
     "2739.25", "0.10", "0.00", "0.00", "12.30", "2739.15"),
    ("200502", "2718", "Мельник Роман Петрович", "вул. Шевченка", "9", "14",
     "61.50", "2", "1", "2026", "11", "-5.00", "1.120", "Гкал", "1802.1400",
     "2018.40", "0.00", "600.00", "0.00", "0.00", "1413.40"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def english():
    """Error messages are compared in English, whatever the site's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def heat_provider(services):
    provider = Provider.objects.create(
        code="TEPLO",
        name="Комунальне підприємство «Теплоенерго»",
        short_name="КП «Теплоенерго»",
        edrpou="99990026",
        iban="UA213223130000026007233566002",
    )
    provider.services.set([services["central_heating"]])
    return provider


def water_file(rows=WATER_ROWS, encoding="cp1251"):
    return ("\r\n".join([WATER_HEADER, *rows]) + "\r\n").encode(encoding)


def heat_file():
    return dbf_bytes(HEAT_FIELDS, HEAT_RECORDS)


def run_import(provider, data, name):
    return services.import_billing_export(
        provider, data, "export", export_format=load_format(name)
    )


def error_lines(report):
    return [str(error) for error in report.errors]


def test_a_cp1251_file_with_its_own_columns_is_stored_to_the_kopeck(water_provider):
    report = run_import(water_provider, water_file(), "vodokanal-csv")

    assert not report.rejected, error_lines(report)
    assert (report.record.rows, report.record.rows_changed) == (2, 2)
    water = Charge.objects.get(account__number="100234", service__code="water_supply")
    assert water.period == NOVEMBER
    assert water.charged == Decimal("174.31")
    assert water.closing_balance == Decimal("174.31")
    assert water.account.payer_name == "Коваленко Олена Іванівна"
    sewerage = Charge.objects.get(account__number="100235", service__code="sewerage")
    assert sewerage.benefit == Decimal("25.42")
    assert sewerage.recalculation == Decimal("-10.00")
    assert sewerage.closing_balance == Decimal("4.48")


def test_a_file_in_utf8_is_read_when_the_format_allows_it(water_provider):
    water = load_format("vodokanal-csv")
    both = formats.ExportFormat(**{**vars(water), "encodings": ("utf-8", "cp1251")})

    data = b"\xef\xbb\xbf" + water_file(encoding="utf-8")
    report = services.import_billing_export(
        water_provider, data, "x", export_format=both
    )

    assert not report.rejected, error_lines(report)


def test_a_cp866_dbf_is_stored_to_the_kopeck(heat_provider):
    report = run_import(heat_provider, heat_file(), "teplo-dbf")

    assert not report.rejected, error_lines(report)
    charge = Charge.objects.get(account__number="200501")
    assert charge.service.code == "central_heating"
    assert charge.period == NOVEMBER
    assert charge.opening_balance == Decimal("12.30")
    assert charge.volume == Decimal("1.520")
    assert charge.price == Decimal("1802.1400")
    assert charge.benefit == Decimal("0.10")
    assert charge.closing_balance == Decimal("2739.15")
    assert charge.unit == "Гкал"
    assert charge.account.payer_name == "Бондар Ганна Ярославна"
    assert charge.account.dwelling.street == "вул. Шевченка"


def test_importing_the_same_dbf_again_changes_nothing(heat_provider):
    run_import(heat_provider, heat_file(), "teplo-dbf")
    before = list(Charge.objects.order_by("pk").values())

    report = run_import(heat_provider, heat_file(), "teplo-dbf")

    assert not report.rejected
    assert (report.result.rows, report.result.changed) == (2, 0)
    assert list(Charge.objects.order_by("pk").values()) == before


def test_a_dbf_row_is_checked_like_any_other_and_named_by_record(heat_provider):
    records = [HEAT_RECORDS[0], (*HEAT_RECORDS[1][:-1], "1413.41")]

    report = run_import(heat_provider, dbf_bytes(HEAT_FIELDS, records), "teplo-dbf")

    assert report.rejected
    assert error_lines(report) == [
        "line 3, field closing_balance, value '1413.41': does not equal opening "
        "+ charged - benefit - subsidy + recalculation - paid = 1413.40"
    ]


def test_a_file_in_the_wrong_encoding_is_refused_with_a_clear_message(
    water_provider,
):
    report = run_import(water_provider, water_file(encoding="cp1251"), "portal")

    assert report.rejected
    assert error_lines(report) == [
        "line 1: the file is not UTF-8 text (save it as UTF-8)"
    ]


def test_a_file_in_neither_allowed_encoding_names_both(water_provider):
    water = load_format("vodokanal-csv")
    both = formats.ExportFormat(**{**vars(water), "encodings": ("utf-8", "cp1251")})
    # 0x98 is the one byte Windows-1251 leaves undefined.
    data = water_file() + b"\x98\r\n"

    report = services.import_billing_export(
        water_provider, data, "x", export_format=both
    )

    assert error_lines(report) == [
        "line 4: the file is neither of the encodings UTF-8, Windows-1251"
    ]


def test_a_decimal_point_in_a_decimal_comma_format_is_refused(water_provider):
    row = WATER_ROWS[0].replace("174,31;0,00", "174.31;0,00")

    report = run_import(water_provider, water_file([row]), "vodokanal-csv")

    assert error_lines(report) == [
        "line 2, field charged, value '174.31': written with «.», while this "
        "format's decimal mark is «,»"
    ]


def test_a_month_not_in_the_formats_form_is_refused(water_provider):
    row = WATER_ROWS[0].replace("11.2026", "2026-11")

    report = run_import(water_provider, water_file([row]), "vodokanal-csv")

    assert error_lines(report) == [
        "line 2, field period, value '2026-11': not a month in the form MM.YYYY"
    ]


@pytest.mark.parametrize("name", ["nonexistent", "../portal", "Portal"])
def test_an_unknown_format_name_is_refused(name):
    with pytest.raises(FormatError, match="No export format named"):
        load_format(name)


def test_a_mapping_without_a_required_field_is_refused_at_load():
    config = {
        "type": "csv",
        "encoding": "utf-8",
        "decimal_mark": ",",
        "columns": {name: name for name in ("account", "payer")},
    }

    with pytest.raises(FormatError, match="which column holds the field access_code"):
        formats.build_format("short", config)


def test_a_value_mapping_for_an_unknown_field_is_refused_at_load():
    config = {**vars_of("portal"), "values": {"colour": {"1": "red"}}}

    with pytest.raises(FormatError, match="colour"):
        formats.build_format("odd", config)


def vars_of(name):
    """The TOML table of a shipped format."""
    return tomllib.loads((formats.FORMATS_DIR / f"{name}.toml").read_text())


def test_every_shipped_format_loads():
    assert {"portal", "vodokanal-csv", "teplo-dbf"} <= set(formats.format_names())
    for name in formats.format_names():
        load_format(name)


def test_the_command_takes_a_format_and_refuses_an_unknown_one(
    water_provider, tmp_path
):
    path = tmp_path / "pvk.csv"
    path.write_bytes(water_file())

    call_command("import_billing", str(path), provider="PVK", format="vodokanal-csv")
    assert Charge.objects.count() == 2

    with pytest.raises(CommandError, match="No export format named 'nope'"):
        call_command("import_billing", str(path), provider="PVK", format="nope")


def test_the_command_uses_the_format_named_after_the_provider(heat_provider, tmp_path):
    path = tmp_path / "teplo.dbf"
    path.write_bytes(heat_file())
    heat_provider.code = "TEPLO-DBF"
    heat_provider.save()

    call_command("import_billing", str(path), provider="teplo-dbf")

    assert Charge.objects.filter(account__provider=heat_provider).count() == 2


def test_a_broken_dbf_is_refused_with_a_clear_message(heat_provider):
    report = run_import(heat_provider, heat_file()[:40], "teplo-dbf")

    assert error_lines(report) == ["line 1: the file is not a readable DBF table"]


def test_a_dbf_cut_off_after_its_first_record_changes_nothing(heat_provider):
    run_import(heat_provider, heat_file(), "teplo-dbf")
    before = list(Charge.objects.order_by("pk").values())
    whole = heat_file()
    # The header announces two records; the second is cut off half-way.
    record_length = int.from_bytes(whole[10:12], "little")
    cut = whole[: len(whole) - 1 - record_length // 2]

    report = run_import(heat_provider, cut, "teplo-dbf")

    assert report.rejected
    assert error_lines(report) == [
        "line 1: the file ends after 1 of the 2 records its header announces: "
        "it was cut off; send the whole file"
    ]
    assert list(Charge.objects.order_by("pk").values()) == before


def test_a_dbf_without_its_end_marker_is_whole(heat_provider):
    report = run_import(heat_provider, heat_file()[:-1], "teplo-dbf")

    assert not report.rejected, error_lines(report)


def test_a_comma_separated_file_with_decimal_points_is_read(water_provider):
    config = {**vars_of("portal"), "delimiter": ",", "decimal_mark": "."}
    comma = formats.build_format("comma", config)
    rows = [
        export_row(**{name: value.replace(",", ".") for name, value in row.items()})
        for row in [export_row()]
    ]
    data = export_file(rows).replace(b";", b",")

    report = services.import_billing_export(
        water_provider, data, "x", export_format=comma
    )

    assert not report.rejected, error_lines(report)
    assert Charge.objects.get().closing_balance == Decimal("174.31")


def test_a_delimiter_that_is_also_the_decimal_mark_is_refused_at_load():
    config = {**vars_of("portal"), "delimiter": ",", "decimal_mark": ","}

    with pytest.raises(FormatError, match="both between columns and as the decimal"):
        formats.build_format("clash", config)
