"""The portal's own export format, checked on generated files: any file of
valid rows is applied to the kopeck, and a file with one broken value is
rejected naming its line and field, with nothing written."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.billing import services
from plugins.billing.importing.fields import RULES
from plugins.billing.models import Charge, Dwelling, PersonalAccount
from tests.billing.conftest import export_file

pytestmark = pytest.mark.django_db

# Each example imports a file: few of them keep the suite quick.
with_database = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

MONEY = ("opening_balance", "charged", "benefit", "subsidy", "recalculation", "paid")
SIGNED = ("opening_balance", "recalculation")
NUMBERS = ("total_area", "volume", "price", "persons", *MONEY, "closing_balance")
TEXTS = ("account", "access_code", "payer", "street", "house", "service")
# The header is line 1: the first row is on line 2.
FIRST_LINE = 2

words = st.text(alphabet="абвгґдеєжзиіїйклмнопрстуфхцчшщьюяʼ-", min_size=1, max_size=12)
payers = st.lists(words, min_size=1, max_size=4).map(
    lambda names: " ".join(names).capitalize()
)


def amounts(low, high, places):
    return st.decimals(
        min_value=low,
        max_value=high,
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def in_file(amount):
    """An amount as a provider writes it: a decimal comma."""
    return str(amount).replace(".", ",")


@st.composite
def rows(draw, index):
    """A valid row of an account of its own, whose balance adds up."""
    money = {
        name: draw(amounts(-(10**7) if name in SIGNED else 0, 10**7, 2))
        for name in MONEY
    }
    closing = (
        money["opening_balance"]
        + money["charged"]
        - money["benefit"]
        - money["subsidy"]
        + money["recalculation"]
        - money["paid"]
    )
    row = {
        "account": f"{100000 + index}",
        "access_code": draw(st.from_regex(r"[0-9]{4,8}", fullmatch=True)),
        "payer": draw(payers),
        "street": "вул. Соборна",
        "house": "12",
        "apartment": str(index + 1),
        "total_area": in_file(draw(amounts(Decimal("0.01"), 9999, 2))),
        "persons": str(draw(st.integers(min_value=0, max_value=100))),
        "service": draw(st.sampled_from(["water_supply", "sewerage"])),
        "period": "2026-11",
        "volume": in_file(draw(amounts(0, 999999, 3))),
        "unit": "м³",
        "price": in_file(draw(amounts(0, 9999, 4))),
        "closing_balance": in_file(closing),
    }
    row.update({name: in_file(amount) for name, amount in money.items()})
    return row


@st.composite
def files(draw):
    count = draw(st.integers(min_value=1, max_value=5))
    return [draw(rows(index)) for index in range(count)]


def stored(number, service):
    return Charge.objects.get(account__number=number, service__code=service)


def nothing_written():
    return not (
        Dwelling.objects.exists()
        or PersonalAccount.objects.exists()
        or Charge.objects.exists()
    )


def run_import(provider, data):
    return services.import_billing_export(provider, data, "pvk-2026-11.csv")


class RolledBackError(Exception):
    """Rolls back one example's import, so the next starts from empty tables."""


def in_a_clean_database(check):
    try:
        with transaction.atomic():
            check()
            raise RolledBackError
    except RolledBackError:
        pass


@with_database
@given(data=files())
def test_a_file_of_valid_rows_is_stored_to_the_kopeck(water_provider, data):
    def check():
        report = run_import(water_provider, export_file(data))

        assert not report.rejected, report.errors
        for row in data:
            charge = stored(row["account"], row["service"])
            for name in (*MONEY, "closing_balance", "volume", "price"):
                assert getattr(charge, name) == Decimal(row[name].replace(",", "."))
            assert charge.account.payer_name == row["payer"]

    in_a_clean_database(check)


def too_long(name):
    if name in TEXTS:
        return "1" * (RULES[name].max_length + 1)
    if name == "persons":
        return "1000"
    digits = RULES[name].digits if RULES[name].kind == "quantity" else 10
    return "9" * (digits + 1)


BREAKAGES = {
    "empty": lambda name: "",
    "too long": too_long,
    "not a number": lambda name: "12,3,4",
    "thousands separator": lambda name: "1 234,50",
    "exponent": lambda name: "1e5",
}


@st.composite
def broken_files(draw):
    """A valid file with one value broken: the row, the field, the file."""
    data = draw(files())
    index = draw(st.integers(min_value=0, max_value=len(data) - 1))
    breakage = draw(st.sampled_from(sorted(BREAKAGES)))
    fields = TEXTS if breakage in ("empty", "too long") else ()
    name = draw(st.sampled_from(fields + NUMBERS))
    data[index] = {**data[index], name: BREAKAGES[breakage](name)}
    return index, name, data


@with_database
@given(case=broken_files())
def test_a_broken_value_rejects_the_file_naming_its_line_and_field(
    water_provider, case
):
    index, name, data = case

    def check():
        with translation.override("en"):
            report = run_import(water_provider, export_file(data))

        assert report.rejected
        named = {(error.line, error.field) for error in report.errors}
        assert (FIRST_LINE + index, name) in named
        assert {line for line, _ in named} == {FIRST_LINE + index}
        assert nothing_written()

    in_a_clean_database(check)


@with_database
@given(data=files(), index=st.integers(min_value=0, max_value=4))
def test_a_line_in_another_encoding_rejects_the_file_naming_the_line(
    water_provider, data, index
):
    index = min(index, len(data) - 1)
    lines = export_file(data).split(b"\n")
    lines[FIRST_LINE - 1 + index] = (
        lines[FIRST_LINE - 1 + index].decode().encode("cp1251", errors="replace")
    )

    def check():
        with translation.override("en"):
            report = run_import(water_provider, b"\n".join(lines))

        assert report.rejected
        # The bytes are wrong, not one field: the message names the line.
        assert [(e.line, e.field) for e in report.errors] == [(FIRST_LINE + index, "-")]
        assert "UTF-8" in report.errors[0].message
        assert nothing_written()

    in_a_clean_database(check)


@with_database
@given(
    data=files(),
    tag=st.sampled_from(
        ["<script>alert(1)</script>", "<b>", "<img src=x onerror=alert(1)>"]
    ),
)
def test_markup_in_a_payers_name_is_kept_as_text(water_provider, data, tag):
    # A name is text, shown escaped wherever it appears; the file is not
    # refused for it.
    data[0] = {**data[0], "payer": data[0]["payer"] + tag}

    def check():
        report = run_import(water_provider, export_file(data))

        assert not report.rejected, report.errors
        account = PersonalAccount.objects.get(number=data[0]["account"])
        assert account.payer_name == data[0]["payer"]

    in_a_clean_database(check)
