"""Where files that are not for the public are kept.

Media (Wagtail's images, documents, forum attachments) live in MEDIA_ROOT or
the media bucket, where images may be fetched as they are; private files
(subsidy documents, billing exports waiting for the worker, month-end bills)
have no address of their own and reach a browser only through a view that
checks who is asking.

The settings name the private storage ``STORAGES["private"]``
(``cms/storages.py``): a folder, ``PRIVATE_MEDIA_ROOT``, on one machine, or a
bucket of its own (``cms/core/bucket_storage.py``) when app servers and workers
run on several.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty

PRIVATE_STORAGE_ALIAS = "private"


class NoAddress:
    """A private file has no URL: a link to one would bypass the views that
    check who may see it."""

    def url(self, name, *args, **kwargs):
        raise ValueError(f"A private file has no address: {name}")


class PrivateFileSystemStorage(NoAddress, FileSystemStorage):
    """Private files in ``PRIVATE_MEDIA_ROOT`` on this machine's disk; the
    folder is read when first needed, so a changed setting is followed."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class PrivateStorage(LazyObject):
    """The storage ``STORAGES["private"]`` names, looked up when first used and
    again after the setting changes (tests point it at a bucket of their own)."""

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private = PrivateStorage()


def private_storage():
    """The storage of every private file field (a callable, so migrations name
    this function rather than a folder or a bucket)."""
    return _private


def forget_private_storage(*, setting, **kwargs):
    if setting in {"STORAGES", "PRIVATE_MEDIA_ROOT"}:
        _private._wrapped = empty


setting_changed.connect(forget_private_storage)
