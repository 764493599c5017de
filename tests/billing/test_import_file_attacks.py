"""An export that is no export: a script or a page of HTML named .csv is
read as data, refused with a reason and forgotten; it never had an address."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from plugins.billing import imports
from plugins.billing.choices import ImportStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, data",
    [
        ("pvk.csv", b"<?php system($_GET['c']); ?>\n"),
        ("pvk.csv", b"<html><body><script>alert(1)</script></body></html>\n"),
        ("pvk.dbf", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ],
)
def test_a_file_that_is_no_export_is_rejected_and_forgotten(
    uploader, water_provider, tmp_path, name, data
):
    private_root = tmp_path / "private"
    with override_settings(PRIVATE_MEDIA_ROOT=private_root):
        record = imports.queue_import(
            water_provider, SimpleUploadedFile(name, data), uploader, "portal", None
        )
        stored = private_root / record.file.name
        waiting = stored.exists()
        with pytest.raises(ValueError):
            record.file.url  # noqa: B018 -- a private file has no address
        status = imports.run_queued_import(record.pk)

    record.refresh_from_db()
    assert waiting
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    assert status == ImportStatus.REJECTED
    assert record.error_count >= 1
    assert record.file.name == ""
    assert not stored.exists()
