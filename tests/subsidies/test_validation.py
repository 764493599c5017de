"""A РНОКПП is checked by its check digit; a document by its bytes and size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from plugins.subsidies.validation import clean_rnokpp, document_type


def test_a_valid_rnokpp_is_kept_as_its_ten_digits():
    assert clean_rnokpp(" 1759013776 ") == "1759013776"


@pytest.mark.parametrize("value", ["1759013777", "175901377", "17590137760", "abc"])
def test_a_wrong_rnokpp_is_refused_naming_it(value):
    with pytest.raises(ValidationError) as refused:
        clean_rnokpp(value)

    assert value in refused.value.messages[0]


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_a_png_renamed_pdf_is_judged_a_png():
    assert document_type(upload("passport.pdf", png_bytes())) == "image/png"


def test_a_pdf_and_a_jpeg_are_taken():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")

    assert document_type(upload("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\n")) == (
        "application/pdf"
    )
    assert document_type(upload("photo.jpg", buffer.getvalue())) == "image/jpeg"


def test_an_svg_is_refused_whatever_its_name():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    with pytest.raises(ValidationError) as refused:
        document_type(upload("scan.png", svg))

    assert refused.value.code == "type"
    assert "scan.png" in refused.value.messages[0]


@override_settings(SUBSIDY_DOCUMENT_MAX_BYTES=1024)
def test_an_oversized_file_is_refused_with_its_size():
    data = png_bytes() + b"\0" * 2048

    with pytest.raises(ValidationError) as refused:
        document_type(upload("big.png", data))

    assert refused.value.code == "too_large"
    assert "big.png" in refused.value.messages[0]
