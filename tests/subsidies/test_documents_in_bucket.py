"""With the private bucket: a resident's subsidy document and the forms made
when the application is sent are kept there, never in the media bucket or on
disk, and served only through the portal's views, to the applicant and the
office."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from plugins.subsidies import workflow
from plugins.subsidies.choices import FormKind
from plugins.subsidies.models import SubsidyDocument
from tests.buckets import MEDIA_BUCKET, PRIVATE_BUCKET, body, keys
from tests.subsidies.conftest import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(client, resident, application, buckets):
    """Olena's passport scan, sent with her application."""
    client.force_login(resident)
    response = client.post(
        reverse("subsidies:step_documents", args=[application.pk]),
        {
            "files": [SimpleUploadedFile("passport.png", png_bytes())],
            "title": "Паспорт",
            "member": "",
        },
    )
    assert response.status_code == 302
    application.submitted_at = timezone.now()
    application.save()
    client.logout()
    return SubsidyDocument.objects.get()


def document_url(document):
    return reverse("subsidies:document", args=[document.pk])


def test_the_upload_is_kept_in_the_private_bucket_only(
    uploaded,
    buckets,
    private_files,
):
    assert keys(buckets, PRIVATE_BUCKET) == [uploaded.file.name]
    assert body(buckets, PRIVATE_BUCKET, uploaded.file.name) == png_bytes()
    assert keys(buckets, MEDIA_BUCKET) == []
    assert not private_files.exists()


def test_the_object_grants_nobody_but_the_owner(uploaded, buckets):
    acl = buckets.get_object_acl(Bucket=PRIVATE_BUCKET, Key=uploaded.file.name)

    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["Type"] == "CanonicalUser"


def test_the_file_has_no_address_of_its_own(uploaded):
    with pytest.raises(ValueError, match="no address"):
        uploaded.file.url  # noqa: B018


@pytest.mark.parametrize("who", ["resident", "office_member"])
def test_the_applicant_and_the_office_read_it_from_the_bucket(
    request, client, uploaded, who
):
    client.force_login(request.getfixturevalue(who))

    response = client.get(document_url(uploaded))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private"


@pytest.mark.parametrize("who", ["neighbour", "editor"])
def test_another_user_is_told_there_is_no_such_document(request, client, uploaded, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(document_url(uploaded)).status_code == 404


def test_a_file_gone_from_the_bucket_is_not_found(
    client,
    resident,
    uploaded,
    buckets,
):
    buckets.delete_object(Bucket=PRIVATE_BUCKET, Key=uploaded.file.name)
    client.force_login(resident)

    assert client.get(document_url(uploaded)).status_code == 404


@pytest.fixture
def sent_forms(application, resident, buckets):
    """The forms made when Olena sent her application, by kind."""
    sent = workflow.submit(application, resident)
    return {form.kind: form for form in sent.submitted_forms.all()}


def form_url(form):
    return reverse("subsidies:form_pdf", args=[form.application_id, form.pk])


def test_the_forms_sent_are_kept_in_the_private_bucket(sent_forms, buckets):
    assert keys(buckets, PRIVATE_BUCKET) == sorted(
        form.file.name for form in sent_forms.values()
    )
    assert all(
        form.file.name.startswith("subsidies/forms/") for form in sent_forms.values()
    )


@pytest.mark.parametrize("who", ["resident", "office_member"])
def test_the_applicant_and_the_office_open_a_form_from_the_bucket(
    request, client, sent_forms, buckets, who
):
    form = sent_forms[FormKind.APPLICATION]
    client.force_login(request.getfixturevalue(who))

    response = client.get(form_url(form))

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content == body(buckets, PRIVATE_BUCKET, form.file.name)


def test_another_resident_is_told_there_is_no_such_form(client, neighbour, sent_forms):
    client.force_login(neighbour)

    for form in sent_forms.values():
        assert client.get(form_url(form)).status_code == 404
