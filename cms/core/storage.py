"""Where files that are not for the public are kept.

Media under MEDIA_ROOT may be served by the web server as they are; private
files live outside it, with no URL, and reach a browser only through a view
that checks who is asking.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
