"""Files in S3-compatible buckets when the settings name them: media in the
media bucket, linked by plain addresses; documents still served through
Wagtail's view, which checks restrictions; and the disk when no bucket is
named."""

import io
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from cms.storages import file_storages
from tests.buckets import MEDIA_BUCKET, PRIVATE_BUCKET, body, keys
from tests.core.test_settings import LIQPAY, REQUIRED, ROOT

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 6), "navy").save(buffer, "PNG")
    return buffer.getvalue()


# The settings.


def test_without_buckets_files_stay_on_disk():
    storages = file_storages()

    assert storages["default"]["BACKEND"].endswith("FileSystemStorage")
    assert storages["private"]["BACKEND"] == "cms.core.storage.PrivateFileSystemStorage"


def test_with_buckets_media_and_private_files_go_to_their_own():
    storages = file_storages(
        "media",
        "private",
        endpoint_url="https://s3.city.example",
        region="eu-central-1",
        access_key="key",
        secret_key="secret",
    )
    media = storages["default"]["OPTIONS"]
    private = storages["private"]["OPTIONS"]

    assert (
        storages["private"]["BACKEND"] == "cms.core.bucket_storage.PrivateBucketStorage"
    )
    assert (media["bucket_name"], private["bucket_name"]) == ("media", "private")
    assert private["default_acl"] == "private"
    assert private["querystring_auth"] is False and media["querystring_auth"] is False
    assert "default_acl" not in media
    # No upload replaces another of the same name, as none does on disk.
    assert private["file_overwrite"] is False and media["file_overwrite"] is False
    assert private["endpoint_url"] == "https://s3.city.example"
    assert private["addressing_style"] == "path"


def test_without_keys_boto3_finds_its_own_credentials():
    private = file_storages("media", "private")["private"]["OPTIONS"]

    assert private["access_key"] is None and private["secret_key"] is None
    assert "addressing_style" not in private


@pytest.mark.parametrize(
    ("media", "private", "keys_given", "complaint"),
    [
        ("media", None, {}, "set together or not at all"),
        (None, "private", {}, "set together or not at all"),
        ("media", "media", {}, "must differ"),
        ("media", "private", {"access_key": "key"}, "OBJECT_STORAGE_ACCESS_KEY_ID"),
    ],
)
def test_a_half_made_configuration_stops_the_start(
    media, private, keys_given, complaint
):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        file_storages(media, private, **keys_given)


def production_storages(**env):
    """The production settings' storage backends, imported with ``env``."""
    given = {key: value for key, value in os.environ.items() if "BUCKET" not in key}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import cms.settings.production as s; "
            "print(*(s.STORAGES[name]['BACKEND'] for name in sorted(s.STORAGES)))",
        ],
        cwd=ROOT,
        env={**given, **REQUIRED, **LIQPAY, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_reads_the_buckets_from_the_environment():
    result = production_storages(MEDIA_BUCKET="media", PRIVATE_BUCKET="private")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "cms.core.bucket_storage.PrivateBucketStorage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_production_will_not_start_with_one_bucket_only():
    result = production_storages(MEDIA_BUCKET="media")

    assert result.returncode != 0
    assert "MEDIA_BUCKET and PRIVATE_BUCKET are set together" in result.stderr


def test_documents_are_always_served_through_wagtails_view(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


# Media in the bucket.


@pytest.mark.django_db
def test_an_uploaded_image_lands_in_the_media_bucket(
    client, django_user_model, root_collection, buckets
):
    client.force_login(
        django_user_model.objects.create_superuser(username="editor", password="x")
    )

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ремонт мережі",
            "file": SimpleUploadedFile("river.png", png_bytes(), "image/png"),
            "collection": root_collection.pk,
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    image = get_image_model().objects.get()
    assert keys(buckets, MEDIA_BUCKET) == [image.file.name]
    assert body(buckets, MEDIA_BUCKET, image.file.name) == png_bytes()
    assert keys(buckets, PRIVATE_BUCKET) == []
    assert (image.width, image.height) == (8, 6)


@pytest.mark.django_db
def test_a_rendition_is_made_from_the_bucket_and_linked_plainly(
    root_collection, buckets
):
    image = get_image_model().objects.create(
        title="Ремонт мережі",
        file=ContentFile(png_bytes(), name="river.png"),
        collection=root_collection,
    )

    rendition = image.get_rendition("width-4")

    assert rendition.file.name in keys(buckets, MEDIA_BUCKET, "images/")
    # A page cached for an hour keeps working links: nothing signed, no expiry.
    assert rendition.url.startswith(f"https://{MEDIA_BUCKET}.s3.")
    assert "X-Amz" not in rendition.url and "Signature" not in rendition.url


@pytest.mark.django_db
def test_a_document_in_the_bucket_is_served_by_the_portal(
    client, root_collection, buckets
):
    document = make_document(root_collection)

    response = client.get(document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert keys(buckets, MEDIA_BUCKET) == [document.file.name]


@pytest.mark.django_db
def test_a_restricted_document_in_the_bucket_is_still_checked(
    client, root_collection, buckets
):
    staff_only = root_collection.add_child(name="Для працівників")
    CollectionViewRestriction.objects.create(
        collection=staff_only, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = make_document(staff_only)

    response = client.get(document.url)

    # Sent to sign in, never on to the file's own address in the bucket.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailcore_login"))


@pytest.fixture
def root_collection(db):
    """Wagtail's root collection; a test that empties the database (one with
    ``transaction=True``) takes the migrations' one away."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def make_document(collection):
    return get_document_model().objects.create(
        title="Тарифи на 2027 рік",
        file=ContentFile(PDF, name="tariffs-2027.pdf"),
        collection=collection,
    )
