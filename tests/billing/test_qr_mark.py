"""The hryvnia sign in a white circle at the centre of every payment QR code, as
the NBU rules in force from November 2025 require of formats 002 and 003.

No QR decoder is among the pinned packages, so these tests check what the rules
and a decoder depend on: the payload is untouched, the mark sits in the centre
within the size the rules allow, the rest of the code is exactly the plain code,
and the error correction is the highest that keeps the allowed versions.
"""

import base64
import io
import re
from decimal import Decimal

import pytest
import segno
from PIL import Image

from plugins.billing import qr, qr_mark

IBAN = "UA213223130000026007233566001"
PURPOSE = (
    "Оплата за житлово-комунальні послуги, о/р 100234, Коваленко О. І., "
    "вул. Соборна, 12, кв. 5, листопад 2026"
)


def payment_url(name="Комунальне підприємство «Водоканал»", purpose=PURPOSE):
    payload = qr.payment_payload(name, IBAN, "99990019", purpose, Decimal("1234.56"))
    return qr.payment_url(payload)


def png_image(data_uri):
    encoded = data_uri.removeprefix("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(encoded))).convert("L")


def test_a_bills_code_uses_the_most_correction_within_the_allowed_versions():
    short = qr.make_payment(payment_url(name="КП", purpose="Оплата, о/р 1"))
    medium = qr.make_payment(payment_url(purpose="Оплата, о/р 100234, листопад 2026"))
    typical = qr.make_payment(payment_url())

    assert (short.error, short.version) == ("Q", 10)
    assert medium.error == "Q" and medium.version in qr.PAYMENT_VERSIONS
    assert typical.error == "M" and typical.version in qr.PAYMENT_VERSIONS


def test_data_too_long_for_the_allowed_versions_still_gets_a_code():
    url = payment_url(name="Ж" * 70, purpose="ж" * 140)

    symbol = qr.make_payment(url)

    assert not qr.fits(url)
    assert symbol.error == "M"
    assert symbol.version > max(qr.PAYMENT_VERSIONS)


@pytest.mark.parametrize(("version", "diameter"), [(10, 17), (13, 19), (17, 25)])
def test_the_circle_spans_the_share_the_rules_set(version, diameter):
    size = 17 + 4 * version

    mark = qr_mark.mark_for(size, border=2)

    assert mark.diameter == diameter
    assert mark.centre == 2 + size / 2
    # The sign's square has its corners on a circle four modules narrower.
    assert mark.sign_side * 2**0.5 == pytest.approx(diameter - 4)


def test_the_print_pages_code_draws_the_sign_over_the_plain_code():
    url = payment_url()

    markup = qr.payment_svg_markup(url)

    symbol = qr.make_payment(url)
    mark = qr.payment_mark(symbol)
    plain = qr.svg_text(symbol, "").rstrip()
    assert markup.startswith(plain.removesuffix("</svg>"))
    circle = re.search(
        r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="#fff"/>', markup
    )
    assert circle and [float(value) for value in circle.groups()] == [
        mark.centre,
        mark.centre,
        mark.radius,
    ]
    assert markup.index("<circle") < markup.index('class="hryvnia-sign"')
    assert markup.rstrip().endswith("</g></svg>")


def test_the_pdfs_code_differs_from_the_plain_code_only_inside_the_circle():
    url = payment_url()
    scale = 4

    image = png_image(qr.payment_png_data_uri(url, scale=scale))

    symbol = qr.make_payment(url)
    mark = qr.payment_mark(symbol)
    plain = png_image(qr.data_uri(qr.png_bytes(symbol, scale)))
    assert image.size == plain.size
    centre, radius = mark.centre * scale, mark.radius * scale
    outside, inside_dark = 0, 0
    for y in range(image.height):
        for x in range(image.width):
            distance = ((x + 0.5 - centre) ** 2 + (y + 0.5 - centre) ** 2) ** 0.5
            if distance > radius + 1:
                outside += image.getpixel((x, y)) != plain.getpixel((x, y))
            elif distance < radius - 1:
                inside_dark += image.getpixel((x, y)) < 128
    assert outside == 0
    # The sign's strokes: dark, but far from filling the white circle.
    circle_area = 3.14159 * (radius - 1) ** 2
    assert 0.1 * circle_area < inside_dark < 0.4 * circle_area


def test_the_sign_stays_clear_of_the_circles_edge():
    url = payment_url()
    scale = 4

    image = png_image(qr.payment_png_data_uri(url, scale=scale))

    mark = qr.payment_mark(qr.make_payment(url))
    centre = mark.centre * scale
    clear = (mark.radius - qr_mark.SIGN_MARGIN / 2) * scale
    ring = [
        image.getpixel((x, y))
        for y in range(image.height)
        for x in range(image.width)
        if clear + 1
        < ((x + 0.5 - centre) ** 2 + (y + 0.5 - centre) ** 2) ** 0.5
        < mark.radius * scale - 1
    ]
    assert ring and min(ring) == 255


def test_the_payload_is_the_same_with_the_mark():
    url = payment_url()

    fields = qr.decode_payment_url(url)

    assert fields[:4] == ["BCD", "002", "1", "UCT"]
    assert fields[7] == "UAH1234.56"
    assert fields[11] == PURPOSE


def test_codes_that_are_not_payments_carry_no_sign():
    link = "http://127.0.0.1:8000/cabinet/check/ABCDEFGHJK/"

    markup = qr.svg_markup(link)
    image = png_image(qr.png_data_uri(link))

    assert "hryvnia-sign" not in markup and "<circle" not in markup
    plain = io.BytesIO()
    symbol = segno.make(link, error="m", boost_error=False, mode="byte")
    symbol.save(plain, kind="png", scale=4, border=2)
    assert image.tobytes() == Image.open(plain).convert("L").tobytes()
