"""Editors' documents are checked by what the file holds, not its name.

Wagtail admits a document by its extension alone (``WAGTAILDOCS_EXTENSIONS``),
so a page of HTML or a script renamed ``.pdf`` would be stored and offered to
every visitor. Each allowed extension is matched here to its file's opening
bytes, and an office file's archive to the part every such file has.
"""

import logging
import zipfile

from django import forms
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

logger = logging.getLogger(__name__)

ZIP_SIGNATURE = b"PK\x03\x04"
#: The part of the archive that makes it the office file its extension names.
OFFICE_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
}
#: OpenDocument files name their kind in a first, uncompressed "mimetype" part.
OPEN_DOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _archive_has(upload, extension):
    try:
        with zipfile.ZipFile(upload) as archive:
            # Only the archive's directory is read, never a whole part, so an
            # archive that unpacks to gigabytes costs nothing here.
            names = set(archive.namelist())
            if extension in OFFICE_PARTS:
                return OFFICE_PARTS[extension] in names
            if "mimetype" not in names:
                return False
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return False
            return archive.read("mimetype").strip() == OPEN_DOCUMENT_TYPES[extension]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def content_matches(upload, extension):
    """Whether ``upload`` holds the kind of file its ``extension`` names."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in OFFICE_PARTS or extension in OPEN_DOCUMENT_TYPES:
        matches = head.startswith(ZIP_SIGNATURE) and _archive_has(upload, extension)
        upload.seek(0)
        return matches
    # An extension added to the settings without a check here is refused
    # until one is written, rather than taken on its name.
    return False


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing a file whose content is not what its
    extension says (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # An edit that keeps the stored file has nothing new to check.
        if upload is None or not hasattr(upload, "content_type"):
            return upload
        extension = extension_of(upload.name)
        if not content_matches(upload, extension):
            logger.info("document upload refused: content is not .%s", extension)
            raise forms.ValidationError(
                _("The file's content does not match its extension .%(extension)s."),
                code="content_mismatch",
                params={"extension": extension},
            )
        return upload

    def _post_clean(self):
        # The model's own check of the extension would read the refused file
        # as missing and add a second, wrong error about an empty extension.
        if "file" in self.errors:
            return
        super()._post_clean()
