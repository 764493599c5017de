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

Everything here is a pure function; the callers decide what to encode.
"""

import base64
import io
from decimal import ROUND_HALF_UP, Decimal

import segno

URL_PREFIX = "https://bank.gov.ua/qr/"
SERVICE_MARK = "BCD"
FORMAT_VERSION = "002"
ENCODING_UTF8 = "1"
FUNCTION = "UCT"
CURRENCY = "UAH"
NAME_MAX = 70
PURPOSE_MAX = 140
# The rules allow L or M; M survives a crease or a smudge on a printed bill.
ERROR_CORRECTION = "m"
# TODO: the NBU rules in force from November 2025 also ask for a hryvnia sign in
# a white circle at the centre of format 002 and 003 codes; it needs error
# correction Q to keep scanning, so add it with a test that decodes the image.


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
    """A QR code of ``text`` as a ``data:`` URI of a PNG, the form the PDF
    engine embeds without reading any file."""
    buffer = io.BytesIO()
    make(text).save(buffer, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def svg_markup(text, title=""):
    """A QR code of ``text`` as inline SVG markup that scales with its box."""
    buffer = io.BytesIO()
    make(text).save(
        buffer,
        kind="svg",
        border=2,
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
    return segno.make(text, error=ERROR_CORRECTION, boost_error=False, mode="byte")
