"""Payment QR codes in the National Bank of Ukraine's format for credit
transfers, and QR images for the portal's documents.

The payment payload is format 002 of the NBU rules for credit-transfer QR codes:
thirteen fields separated by a line feed, encoded UTF-8, then base64url, then
placed after ``https://bank.gov.ua/qr/`` so a phone camera opens the bank's app
with the transfer filled in. The fields, in order:

1. service mark ``BCD``
2. format version ``002``
3. encoding ``1`` (UTF-8)
4. function ``UCT`` (credit transfer)
5. BIC, left empty (a Ukrainian IBAN names the bank)
6. recipient's name, at most 70 characters
7. recipient's IBAN
8. amount: ``UAH`` followed by the sum with a point and two decimals, or
   empty to let the payer type it
9. recipient's code (ЄДРПОУ, or РНОКПП of a sole trader)
10. purpose code, reserved and empty in format 002
11. reference, reserved and empty in format 002
12. payment purpose, at most 140 characters
13. display text, optional, left empty

A payment code carries the hryvnia sign at its centre (see qr_mark.py) and is
made at a version from 10 to 17 with error correction Q, or M when the data
needs more room, as the NBU rules in force from November 2025 ask. Other codes
(the certificate's link to its verification page) are plain, at M: the sign
promises a payment any bank's app can read, and they are not one.

Everything here is a pure function; the callers decide what to encode.
"""

import base64
import io
from decimal import ROUND_HALF_UP, Decimal

import segno
from PIL import Image
from segno import encoder

from plugins.billing import qr_mark

URL_PREFIX = "https://bank.gov.ua/qr/"
SERVICE_MARK = "BCD"
FORMAT_VERSION = "002"
ENCODING_UTF8 = "1"
FUNCTION = "UCT"
CURRENCY = "UAH"
NAME_MAX = 70
PURPOSE_MAX = 140
# A plain code: M survives a crease or a smudge on a printed page.
ERROR_CORRECTION = "m"
# A payment code: the most correction that still fits the versions the rules
# allow, since the mark at the centre hides some of its modules.
PAYMENT_ERROR_CORRECTIONS = ("q", "m")
PAYMENT_VERSIONS = range(10, 18)
BORDER = 2


def payment_payload(name, iban, code, purpose, amount=None):
    """The thirteen lines of a format 002 payload as one string."""
    fields = [
        SERVICE_MARK,
        FORMAT_VERSION,
        ENCODING_UTF8,
        FUNCTION,
        "",
        clip(name, NAME_MAX),
        iban.replace(" ", "").upper(),
        amount_field(amount),
        code.strip(),
        "",
        "",
        clip(purpose, PURPOSE_MAX),
        "",
    ]
    return "\n".join(fields)


def amount_field(amount):
    """``Decimal("1234.5")`` -> ``UAH1234.50``; no amount, or none to pay, is an
    empty field so the payer enters the sum."""
    if amount is None or amount <= 0:
        return ""
    kopecks = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{CURRENCY}{kopecks}"


def clip(text, limit):
    """``text`` on one line, cut at a word boundary to at most ``limit``
    characters: a longer field makes a bank app refuse the whole code."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    head, space, _ = cut.rpartition(" ")
    return head if space else cut


def payment_url(payload):
    """The payload as the URL the QR code holds."""
    encoded = base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii")
    return URL_PREFIX + encoded


def decode_payment_url(url):
    """The lines of a payment URL's payload; the inverse of ``payment_url``."""
    if not url.startswith(URL_PREFIX):
        raise ValueError("Not an NBU payment URL.")
    encoded = url[len(URL_PREFIX) :]
    padded = encoded + "=" * (-len(encoded) % 4)
    return base64.urlsafe_b64decode(padded).decode("utf-8").split("\n")


def png_data_uri(text, scale=4):
    """A plain QR code of ``text`` as a ``data:`` URI of a PNG, the form the
    PDF engine embeds without reading any file."""
    return data_uri(png_bytes(make(text), scale))


def svg_markup(text, title=""):
    """A plain QR code of ``text`` as inline SVG markup that scales with its
    box."""
    return svg_text(make(text), title)


def payment_png_data_uri(url, scale=4):
    """A payment code of ``url`` with the hryvnia sign, as a PNG ``data:`` URI."""
    symbol = make_payment(url)
    image = symbol_image(symbol, scale)
    qr_mark.draw(image, payment_mark(symbol), scale)

    # Compression at its default level: "optimize" would spend more time than
    # the rest of the code on 10 % fewer bytes of a document made per request.
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return data_uri(buffer.getvalue())


def symbol_image(symbol, scale):
    """The symbol as a greyscale image, dark modules black, with its quiet
    zone, ``scale`` pixels a module: drawn straight from the matrix rather
    than written as a PNG and read back."""
    side = len(symbol.matrix) + 2 * BORDER
    light = b"\xff" * side
    margin = light * BORDER
    edge = b"\xff" * BORDER
    rows = b"".join(
        edge + bytes(0 if dark else 0xFF for dark in row) + edge
        for row in symbol.matrix
    )
    image = Image.frombytes("L", (side, side), margin + rows + margin)
    return image.resize((side * scale, side * scale), Image.Resampling.NEAREST)


def payment_svg_markup(url, title=""):
    """A payment code of ``url`` with the hryvnia sign, as inline SVG markup."""
    symbol = make_payment(url)
    markup = svg_text(symbol, title)
    fragment = qr_mark.svg_fragment(payment_mark(symbol))
    return markup.replace("</svg>", fragment + "</svg>")


def payment_mark(symbol):
    size, _ = symbol.symbol_size(border=0)
    return qr_mark.mark_for(size, BORDER)


def png_bytes(symbol, scale):
    buffer = io.BytesIO()
    symbol.save(buffer, kind="png", scale=scale, border=BORDER)
    return buffer.getvalue()


def data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode()


def svg_text(symbol, title):
    buffer = io.BytesIO()
    symbol.save(
        buffer,
        kind="svg",
        border=BORDER,
        xmldecl=False,
        svgns=True,
        omitsize=True,
        title=title or None,
        svgclass="qr",
        lineclass=None,
    )
    return buffer.getvalue().decode("utf-8")


def make(text):
    # Byte mode keeps the UTF-8 of Cyrillic text intact for every decoder.
    return encode(text, ERROR_CORRECTION)


def make_payment(url):
    """The payment code of ``url``: Q when it fits version 17, else M, and never
    below version 10, whose centre is wide enough for the mark. Data too long
    even for M at version 17 is still encoded, larger: bank apps read it, and a
    payer who cannot pay is worse off than one with a code the rules frown on."""
    # The version is worked out from the data's length first, so the costly
    # part of encoding, trying the eight masks, runs once per code.
    for error in PAYMENT_ERROR_CORRECTIONS:
        version = smallest_version(url, error)
        if version in PAYMENT_VERSIONS:
            return encode(url, error, version=version)
        if version < PAYMENT_VERSIONS.start:
            return encode(url, error, version=PAYMENT_VERSIONS.start)
    return encode(url, PAYMENT_ERROR_CORRECTIONS[-1])


def fits(url):
    """Whether ``url`` fits a payment code of the versions the rules allow."""
    return smallest_version(url, PAYMENT_ERROR_CORRECTIONS[-1]) < PAYMENT_VERSIONS.stop


def smallest_version(text, error):
    """The smallest QR version holding ``text`` in byte mode at ``error``,
    from its length alone: no symbol is drawn, no mask tried."""
    segments = encoder.prepare_data(text, encoder.normalize_mode("byte"), None)
    return encoder.find_version(
        segments, encoder.normalize_errorlevel(error), eci=False, micro=False
    )


def encode(text, error, version=None):
    return segno.make(
        text,
        error=error,
        version=version,
        boost_error=False,
        mode="byte",
        micro=False,
    )
