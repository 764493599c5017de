"""Editors' documents and images: admitted by their content and size, and
served so that none can run script on the portal's address."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.admin.forms.account import AvatarPreferencesForm
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(1)</script></body></html>"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
PHP = b"<?php system($_GET['c']); ?>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def archive(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, data in parts.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


DOCX = archive({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
XLSX = archive({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"})
ODT = archive({"mimetype": "application/vnd.oasis.opendocument.text"})
ODS = archive({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})


@pytest.fixture
def editor(client, django_user_model, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.test", "x"
    )
    client.force_login(user)
    return user


def upload_document(client, name, data, collection=None):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, data),
            "collection": (collection or Collection.get_first_root_node()).pk,
        },
    )


def upload_image(client, name, data):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def png():
    image = io.BytesIO()
    PillowImage.new("RGB", (4, 4)).save(image, "PNG")
    return image.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("notice.html", HTML),
        ("notice.svg", SVG),
        ("notice.php", PHP),
        ("notice.pdf", HTML),
        ("notice.pdf", PHP),
        ("notice.docx", HTML),
        ("notice.docx", ODT),
        ("notice.xlsx", DOCX),
        ("notice.odt", SVG),
        ("notice.ods", ODT),
        ("notice.pdf", b""),
    ],
)
def test_a_document_that_is_not_what_its_name_says_is_refused(
    client, editor, name, data
):
    response = upload_document(client, name, data)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "name, data",
    [("rishennia.pdf", PDF), ("tarify.docx", DOCX), ("tarify.xlsx", XLSX)]
    + [("hrafik.odt", ODT), ("hrafik.ods", ODS)],
)
def test_a_real_document_is_taken(client, editor, name, data):
    response = upload_document(client, name, data)

    assert response.status_code == 302, response.context["form"].errors
    assert Document.objects.get().file.read() == data


def test_the_refusal_is_one_error_about_the_content(client, editor):
    response = upload_document(client, "notice.pdf", HTML)

    (error,) = response.context["form"].errors.as_data()["file"]
    assert (error.code, error.params) == ("content_mismatch", {"extension": "pdf"})


def test_a_document_over_the_size_limit_is_refused(client, editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024

    response = upload_document(client, "big.pdf", PDF + b"0" * 1024)

    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_a_pdf_opens_under_a_policy_that_runs_nothing_and_the_rest_download(
    client, editor
):
    upload_document(client, "rishennia.pdf", PDF)
    upload_document(client, "tarify.docx", DOCX)
    pdf, docx = Document.objects.order_by("pk")

    shown, downloaded = client.get(pdf.url), client.get(docx.url)

    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Security-Policy"] == "default-src 'none'"
    assert downloaded["Content-Disposition"].startswith("attachment")
    for response in (shown, downloaded):
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_of_a_closed_collection_is_not_served_to_visitors(client, editor):
    closed = Collection.get_first_root_node().add_child(name="Для працівників")
    restriction = CollectionViewRestriction.objects.create(
        collection=closed, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Працівники"))
    upload_document(client, "vnutrishnie.pdf", PDF, collection=closed)
    document = Document.objects.get()
    client.logout()

    response = client.get(document.url)

    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={document.url}")
    assert not getattr(response, "streaming", False)


@pytest.mark.parametrize(
    "name, data",
    [("map.svg", SVG), ("photo.png", HTML), ("photo.jpg", PHP), ("photo.gif", SVG)],
)
def test_an_image_that_is_no_picture_is_refused(client, editor, name, data):
    response = upload_image(client, name, data)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Image.objects.exists()


def test_a_real_image_is_taken_and_an_oversized_one_refused(client, editor, settings):
    taken = upload_image(client, "photo.png", png())
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10
    refused = upload_image(client, "second.png", png())

    assert taken.status_code == 302
    assert refused.context["form"].errors["file"]
    assert Image.objects.count() == 1


def test_the_several_files_upload_checks_content_too(client, editor):
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("notice.pdf", HTML)},
    )

    assert response.json()["success"] is False
    assert not Document.objects.exists()


def avatar_form(user, name, data):
    return AvatarPreferencesForm(
        files={"avatar": SimpleUploadedFile(name, data)},
        instance=UserProfile.get_for_user(user),
    )


@pytest.mark.parametrize(
    "name, data", [("me.svg", SVG), ("me.png", HTML), ("me.jpg", PHP)]
)
def test_a_staff_avatar_that_is_no_picture_is_refused(editor, name, data):
    form = avatar_form(editor, name, data)

    assert not form.is_valid()
    assert form.errors["avatar"]


def test_a_staff_avatar_that_is_a_picture_is_taken(editor):
    assert avatar_form(editor, "me.png", png()).is_valid()
