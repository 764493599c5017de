"""Uploads made to deceive: a page of HTML or an empty file named .pdf, a
title carrying markup and header breaks. Refused, or kept harmless wherever
the document is shown or served."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plugins.subsidies import workflow
from plugins.subsidies.models import SubsidyDocument
from tests.subsidies.conftest import png_bytes
from tests.subsidies.office_fixtures import SCREEN, office_member  # noqa: F401
from tests.subsidies.test_views_documents import upload

pytestmark = pytest.mark.django_db

TITLE = '<script>alert(1)</script>"\r\nSet-Cookie: a=b'


@pytest.mark.parametrize(
    "name, data",
    [
        ("statement.pdf", b"<html><body><script>alert(1)</script></body></html>"),
        ("statement.pdf", b""),
        ("statement.pdf", b"GIF89a" + b"\0" * 32),
        ("passport.jpg", b"<?php system($_GET['c']); ?>"),
        ("passport.png", b"<svg onload=alert(1) xmlns='http://www.w3.org/2000/svg'/>"),
        # A PNG's signature in front of a page: the image does not decode.
        ("passport.png", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>"),
        ("passport.jpg", b"\xff\xd8\xff\xe0<script>alert(1)</script>" + b" " * 64),
    ],
)
def test_a_file_that_is_no_scan_is_refused(client, resident, application, name, data):
    client.force_login(resident)

    response = upload(client, application, SimpleUploadedFile(name, data))

    assert response.status_code == 400
    assert not SubsidyDocument.objects.exists()


def test_a_title_with_markup_and_header_breaks_stays_text(
    client,
    resident,
    application,
    office_member,  # noqa: F811
):
    client.force_login(resident)
    upload(
        client,
        application,
        SimpleUploadedFile('../../"x\n.pdf', png_bytes()),
        title=TITLE,
    )
    document = SubsidyDocument.objects.get()

    served = client.get(reverse("subsidies:document", args=[document.pk]))
    step = client.get(reverse("subsidies:step_documents", args=[application.pk]))
    sent = workflow.submit(application, resident)
    client.force_login(office_member)
    screen = client.get(reverse(SCREEN, args=[sent.pk]))

    assert "/" not in document.file.name.removeprefix("subsidies/").split("/", 2)[2]
    disposition = served["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition
    assert '"' not in disposition.split("filename", 1)[1].strip('="')
    assert "Set-Cookie" not in served.headers
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "private"
    for page in (step, screen):
        assert "<script>alert(1)" not in page.text
        assert "&lt;script&gt;alert(1)" in page.text


def test_a_scan_is_kept_outside_the_media_with_no_address_of_its_own(
    client, resident, application, private_files, settings
):
    client.force_login(resident)
    upload(client, application, SimpleUploadedFile("passport.png", png_bytes()))
    document = SubsidyDocument.objects.get()

    stored = private_files / document.file.name

    assert stored.read_bytes() == png_bytes()
    assert not stored.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 -- a private file has no address
