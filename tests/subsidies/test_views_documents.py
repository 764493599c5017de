"""Documents: uploaded on their step and judged by their content and size,
each refusal naming the file; removed while the application may change; and
served only to the applicant and, once it is sent, to the office."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.models import SubsidyDocument
from tests.subsidies.conftest import make_document, png_bytes, set_status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def documents_url(application):
    return reverse("subsidies:step_documents", args=[application.pk])


def upload(client, application, *files, title="Паспорт", member=""):
    return client.post(
        documents_url(application),
        {"files": list(files), "title": title, "member": member},
    )


def error_summary(response):
    return response.text.split('class="error-summary"')[1].split("</div>")[0]


def test_a_png_renamed_pdf_is_stored_as_a_png(
    client, resident, application, private_files
):
    client.force_login(resident)

    response = upload(
        client, application, SimpleUploadedFile("passport.pdf", png_bytes())
    )

    assert response.status_code == 302
    document = SubsidyDocument.objects.get()
    assert document.content_type == "image/png"
    assert document.size == len(png_bytes())
    assert document.title == "Паспорт"
    # Stored under a name of its own with the extension of what it is.
    assert document.file.name.endswith(".png")
    assert "passport" not in document.file.name
    assert (private_files / document.file.name).read_bytes() == png_bytes()


def test_several_files_are_attached_at_once_to_a_member(client, resident, application):
    applicant = application.members.get()
    client.force_login(resident)

    response = upload(
        client,
        application,
        SimpleUploadedFile("page1.png", png_bytes()),
        SimpleUploadedFile("page2.pdf", PDF),
        title="Довідка про доходи",
        member=applicant.pk,
    )

    assert response.status_code == 302
    assert sorted(
        SubsidyDocument.objects.values_list("content_type", "member", "title")
    ) == [
        ("application/pdf", applicant.pk, "Довідка про доходи"),
        ("image/png", applicant.pk, "Довідка про доходи"),
    ]
    page = client.get(documents_url(application)).text
    assert "Додано 2 файли документа «Довідка про доходи»." in page
    assert page.count("Коваленко Олена Іванівна") >= 2


@override_settings(SUBSIDY_DOCUMENT_MAX_BYTES=1024)
def test_an_oversized_file_is_refused_naming_it(client, resident, application):
    client.force_login(resident)

    response = upload(
        client,
        application,
        SimpleUploadedFile("small.png", png_bytes()),
        SimpleUploadedFile("big-scan.png", png_bytes() + b"\0" * 4096),
    )

    assert response.status_code == 400
    summary = error_summary(response)
    assert "big-scan.png" in summary
    assert "1,0\u00a0Кб" in summary  # the limit
    assert "small.png" not in summary
    assert not SubsidyDocument.objects.exists()


def test_an_svg_is_refused_whatever_its_name(client, resident, application):
    client.force_login(resident)

    response = upload(client, application, SimpleUploadedFile("scan.png", SVG))

    assert response.status_code == 400
    summary = error_summary(response)
    assert "scan.png" in summary
    assert "PDF, JPEG, PNG" in summary
    assert not SubsidyDocument.objects.exists()


def test_a_document_needs_a_file_and_a_title(client, resident, application):
    client.force_login(resident)

    response = client.post(documents_url(application), {"title": ""})

    assert response.status_code == 400
    summary = error_summary(response)
    assert 'href="#id_files">Файли</a>' in summary
    assert 'href="#id_title">Що це за документ</a>' in summary


def test_a_member_of_another_application_is_refused(
    client, resident, neighbour, application, neighbours_dwelling
):
    from plugins.subsidies import services

    theirs = services.start_application(neighbour, neighbours_dwelling)
    stranger = theirs.members.create(
        full_name="Шевченко Петро", birth_date="1970-01-01", relation="applicant"
    )
    client.force_login(resident)

    response = upload(
        client,
        application,
        SimpleUploadedFile("a.png", png_bytes()),
        member=stranger.pk,
    )

    assert response.status_code == 400
    assert not SubsidyDocument.objects.exists()


def test_a_document_is_removed_with_its_file(
    client, resident, application, private_files, django_capture_on_commit_callbacks
):
    document = make_document(application)
    stored = private_files / document.file.name
    assert stored.exists()
    client.force_login(resident)
    url = reverse("subsidies:document_remove", args=[application.pk, document.pk])

    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response["Location"] == documents_url(application)
    assert not SubsidyDocument.objects.exists()
    assert not stored.exists()


def test_a_sent_applications_documents_stay(client, resident, application):
    document = make_document(application)
    set_status(application, Status.SUBMITTED)
    client.force_login(resident)

    response = client.post(
        reverse("subsidies:document_remove", args=[application.pk, document.pk])
    )

    assert response["Location"] == reverse("subsidies:detail", args=[application.pk])
    assert SubsidyDocument.objects.filter(pk=document.pk).exists()
    response = upload(client, application, SimpleUploadedFile("a.png", png_bytes()))
    assert response["Location"] == reverse("subsidies:detail", args=[application.pk])
    assert SubsidyDocument.objects.count() == 1


# Serving a document.


def test_the_applicant_downloads_a_document_with_its_type(
    client, resident, application
):
    document = make_document(application, title='Паспорт / стор. 1 "копія"')
    client.force_login(resident)

    response = client.get(reverse("subsidies:document", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename")
    assert "/" not in disposition and '"копія"' not in disposition
    assert "%D0%9F%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82" in disposition  # Паспорт
    assert disposition.endswith(".png")


def test_the_office_opens_a_sent_applications_document(
    client, office_member, application
):
    document = make_document(application)
    application.submitted_at = timezone.now()
    application.save()
    client.force_login(office_member)

    response = client.get(reverse("subsidies:document", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize("who", ["neighbour", "editor", "office_member"])
def test_anyone_else_is_told_there_is_no_such_document(
    request, client, who, application
):
    # The office does not see a draft never sent.
    document = make_document(application)
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("subsidies:document", args=[document.pk]))

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, application):
    document = make_document(application)

    response = client.get(reverse("subsidies:document", args=[document.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_document_is_only_read(client, resident, application):
    document = make_document(application)
    client.force_login(resident)

    response = client.post(reverse("subsidies:document", args=[document.pk]))

    assert response.status_code == 405


def test_a_missing_file_is_not_found(client, resident, application, private_files):
    document = make_document(application)
    (private_files / document.file.name).unlink()
    client.force_login(resident)

    response = client.get(reverse("subsidies:document", args=[document.pk]))

    assert response.status_code == 404
