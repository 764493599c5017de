"""Checks of what a household declares and uploads: a РНОКПП by its check
digit, and a document by what its bytes are rather than by its name."""

import logging

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from stdnum.exceptions import ValidationError as NumberError
from stdnum.ua import rntrc

# What a scan or a phone's photo may be; an SVG or an office file may carry
# scripts or macros, and the office cannot open every format anyway.
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/heic": "HEIC",
}
# Enough of the file's start for every signature above.
SNIFFED_BYTES = 8192
# Photos Pillow reads, by the formats it names them; a file that only opens
# like one is refused. Phones write many photos as MPO, a JPEG with a preview.
DECODED_FORMATS = {"image/jpeg": {"JPEG", "MPO"}, "image/png": {"PNG"}}

logger = logging.getLogger(__name__)


def clean_rnokpp(value):
    """The ten digits of a valid РНОКПП; ValidationError names the value."""
    try:
        return rntrc.validate(value)
    except NumberError:
        raise ValidationError(
            _(
                "%(value)s is not a valid РНОКПП: it has ten digits and the last "
                "one must match the others. Check the number on the tax card."
            )
            % {"value": value.strip()},
            code="rnokpp",
        ) from None


def document_type(upload):
    """The content type of an uploaded document, judged by its bytes; a file
    too large or of another kind is refused with its name in the message."""
    limit = settings.SUBSIDY_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; a document may be at most %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )

    upload.seek(0)
    head = upload.read(SNIFFED_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in DOCUMENT_TYPES or not _reads_as(upload, kind):
        raise ValidationError(
            _(
                "%(name)s is not a PDF, JPEG, PNG or HEIC file by its content; "
                "scan or photograph the document into one of these."
            )
            % {"name": upload.name},
            code="type",
        )
    return kind.mime


def _reads_as(upload, kind):
    """Whether a JPEG or PNG is one past its first bytes: a page of markup
    behind an image's signature is no photo. The image's structure is read,
    its pixels are not decoded, so a huge one costs no memory.
    """
    # TODO: a PDF and a HEIC are still judged by their opening bytes alone
    # (Pillow reads neither); they are served with their own type and nosniff,
    # so a browser never takes one for a page.
    if kind.mime not in DECODED_FORMATS:
        return True
    try:
        with Image.open(upload) as image:
            image.verify()
        return image.format in DECODED_FORMATS[kind.mime]
    except (
        Image.DecompressionBombError,
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ):
        logger.info("subsidy document refused: not a %s past its signature", kind.mime)
        return False
    finally:
        upload.seek(0)
