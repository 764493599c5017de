"""Links a notice may hold: paths on this site only, so that opening a notice
can never send its reader to another host."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


def is_site_path(link):
    """Whether ``link`` is a path on this site: it starts with one slash and
    names no scheme or host (``//host`` and ``/\\host`` do)."""
    return (
        link.startswith("/")
        and not link.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    )


def validate_site_path(link):
    if link and not is_site_path(link):
        raise ValidationError(
            _("A notice links to a page of this site by its path, such as /cabinet/.")
        )


def absolute(link):
    """``link`` as a full address on the portal's public base URL, for e-mail,
    which is read outside any request."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + link
