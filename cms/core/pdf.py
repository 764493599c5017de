"""What every printable document of the portal shares: the language, the time
zone, the shipped fonts, amounts in words and the PDF engine locked to local
resources. Bills, certificates and subsidy forms are all made here.

Documents are always in Ukrainian, whatever language the resident browses in,
because banks, providers and the social-protection office accept them in
Ukrainian only.
"""

import logging
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import translation
from num2words import num2words
from xhtml2pdf import pisa

logger = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
DOCUMENT_LANGUAGE = "uk"
DOCUMENT_TIME_ZONE = ZoneInfo("Europe/Kyiv")
# The only inline images documents embed: PNGs made by the portal itself, such
# as the bill's payment QR codes.
PNG_DATA_URI = "data:image/png;base64,"


class DocumentError(RuntimeError):
    """The PDF engine could not lay out a document."""


def render_pdf(template, context, what):
    """``template`` rendered in Ukrainian as the bytes of a PDF; ``what`` names
    the document in the error raised when the engine fails."""
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template, {**context, "fonts_dir": FONTS_DIR})

    pdf = BytesIO()
    status = pisa.CreatePDF(html, dest=pdf, encoding="utf-8", link_callback=local_font)
    if status.err:
        raise DocumentError(f"{what} did not render.")
    return pdf.getvalue()


def local_font(uri, rel):
    """Resolve the template's resources to the shipped fonts and inline PNGs
    only, so rendering never reaches the network or any other file."""
    if uri.startswith(PNG_DATA_URI):
        return uri

    path = Path(uri).resolve()
    if path.parent != FONTS_DIR or path.suffix != ".ttf" or not path.is_file():
        raise DocumentError(f"The document refers to an unknown resource {uri!r}.")
    return str(path)


def amount_in_words(amount):
    """``1234.56`` -> ``Одна тисяча двісті тридцять чотири гривні, п'ятдесят
    шість копійок``."""
    words = num2words(amount, lang="uk", to="currency", currency="UAH")
    return words[:1].upper() + words[1:]
