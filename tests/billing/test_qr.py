"""Payment QR codes in the NBU format 002: the payload round trip and its limits.
The codes on the bill are tested in test_bill.py."""

from decimal import Decimal

import pytest

from plugins.billing import qr

IBAN = "UA213223130000026007233566001"


def test_the_payload_decodes_back_to_the_thirteen_fields():
    payload = qr.payment_payload(
        name="Комунальне підприємство «Водоканал»",
        iban="UA21 3223 1300 0002 6007 2335 6600 1",
        code="99990019",
        purpose="Оплата за житлово-комунальні послуги, о/р 100234",
        amount=Decimal("1234.5"),
    )

    url = qr.payment_url(payload)

    assert url.startswith("https://bank.gov.ua/qr/")
    assert qr.decode_payment_url(url) == [
        "BCD",
        "002",
        "1",
        "UCT",
        "",
        "Комунальне підприємство «Водоканал»",
        IBAN,
        "UAH1234.50",
        "99990019",
        "",
        "",
        "Оплата за житлово-комунальні послуги, о/р 100234",
        "",
    ]


def test_the_url_uses_only_base64url_characters():
    url = qr.payment_url(qr.payment_payload("Ж?>", IBAN, "1", "ї~~~", Decimal("1")))

    encoded = url.removeprefix(qr.URL_PREFIX)
    assert "+" not in encoded and "/" not in encoded


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        (Decimal("0.005"), "UAH0.01"),
        (Decimal("10"), "UAH10.00"),
        (Decimal("0"), ""),
        (Decimal("-5.00"), ""),
        (None, ""),
    ],
)
def test_the_amount_has_a_point_and_two_decimals_or_is_empty(amount, field):
    assert qr.amount_field(amount) == field


def test_long_fields_are_cut_at_a_word_to_the_formats_limits():
    payload = qr.payment_payload("Н" * 80, IBAN, "99990019", "слово " * 40)

    lines = payload.split("\n")
    assert len(lines[5]) == qr.NAME_MAX
    assert len(lines[11]) <= qr.PURPOSE_MAX
    assert lines[11].endswith("слово")


def test_images_encode_with_error_correction_m():
    assert qr.make("https://bank.gov.ua/qr/x").error == "M"
    assert qr.png_data_uri("x").startswith("data:image/png;base64,")
    assert qr.svg_markup("x").startswith("<svg")
