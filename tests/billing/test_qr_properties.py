"""The payment QR payload, checked on many recipients and sums: a bank's app
reads back the IBAN, ЄДРПОУ, sum and purpose the bill meant, within the
lengths format 002 allows."""

import re
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from schwifty import IBAN
from stdnum.ua import edrpou

from plugins.billing import qr

quick = settings(max_examples=100, deadline=None, database=None)

# The fields by their place in the thirteen lines of format 002.
NAME, IBAN_FIELD, AMOUNT, CODE, PURPOSE = 5, 6, 7, 8, 11
AMOUNT_FORMAT = re.compile(r"UAH(0|[1-9][0-9]*)\.[0-9]{2}")


@st.composite
def ibans(draw):
    """A Ukrainian IBAN with a right check sum: a bank's MFO and an account."""
    bank = draw(st.from_regex(r"[0-9]{6}", fullmatch=True))
    account = draw(st.from_regex(r"[0-9]{19}", fullmatch=True))
    return str(IBAN.generate("UA", bank_code=bank, account_code=account))


@st.composite
def edrpou_codes(draw):
    digits = draw(st.from_regex(r"[0-9]{7}", fullmatch=True))
    return digits + edrpou.calc_check_digit(digits)


# Names and purposes as providers write them: Cyrillic, Latin, digits,
# punctuation and quotes, with runs of spaces and line breaks the code
# must not carry over.
text = st.text(
    alphabet=st.sampled_from(
        list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖІЇКОПСТУЯ")
        + list("abcXYZ0123456789 .,;:-/№«»'\"()")
        + ["\n", "\t"]
    ),
    max_size=300,
)
sums = st.decimals(
    min_value=Decimal("0.01"),
    max_value=Decimal("100000.00"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


def read_back(name, iban, code, purpose, amount):
    payload = qr.payment_payload(name, iban, code, purpose, amount)
    return qr.decode_payment_url(qr.payment_url(payload))


@quick
@given(text, ibans(), edrpou_codes(), text, sums)
def test_the_payload_reads_back_as_the_bill_meant(name, iban, code, purpose, amount):
    fields = read_back(name, iban, code, purpose, amount)

    assert len(fields) == 13
    assert fields[:5] == ["BCD", "002", "1", "UCT", ""]
    assert IBAN(fields[IBAN_FIELD]) == IBAN(iban)
    assert edrpou.is_valid(fields[CODE]) and fields[CODE] == code
    paid = Decimal(fields[AMOUNT].removeprefix("UAH"))
    assert paid == amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@quick
@given(text, ibans(), edrpou_codes(), text, sums)
def test_every_field_keeps_to_its_length_and_form(name, iban, code, purpose, amount):
    fields = read_back(name, iban, code, purpose, amount)

    assert len(fields[NAME]) <= qr.NAME_MAX
    assert len(fields[PURPOSE]) <= qr.PURPOSE_MAX
    assert AMOUNT_FORMAT.fullmatch(fields[AMOUNT])
    assert all("\n" not in field and "\t" not in field for field in fields)


@quick
@given(text, ibans(), edrpou_codes(), text, sums)
def test_a_short_purpose_is_kept_whole_and_a_long_one_cut_at_a_word(
    name, iban, code, purpose, amount
):
    one_line = " ".join(purpose.split())

    kept = read_back(name, iban, code, purpose, amount)[PURPOSE]

    if len(one_line) <= qr.PURPOSE_MAX:
        assert kept == one_line
    else:
        assert one_line.startswith(kept)
        assert one_line[len(kept)] == " " or " " not in one_line[: qr.PURPOSE_MAX]


@quick
@given(ibans(), edrpou_codes(), st.sampled_from([None, Decimal("0"), Decimal("-5")]))
def test_nothing_to_pay_leaves_the_sum_to_the_payer(iban, code, amount):
    fields = read_back("КП «Водоканал»", iban, code, "Оплата", amount)

    assert fields[AMOUNT] == ""


@quick
@given(text, ibans(), edrpou_codes(), text, sums)
def test_the_longest_fields_still_fit_the_code_versions_the_rules_allow(
    name, iban, code, purpose, amount
):
    payload = qr.payment_payload(name, iban, code, purpose, amount)

    assert qr.fits(qr.payment_url(payload))
