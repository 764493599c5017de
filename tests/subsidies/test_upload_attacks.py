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
