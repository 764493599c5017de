"""Who must prove a second factor, and whether this session has.

Anyone who works on other people's data (the admin's editors, the
social-protection office, moderators, superusers, a provider's staff) signs
in with a password and a code from an authenticator app (allauth's TOTP).
Residents may turn the same on for themselves from their account page.
"""

import logging

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

logger = logging.getLogger(__name__)

#: Set in the session when its user activated an authenticator in it: the
#: code typed to activate it proves the factor as well as a sign-in would.
PROVED_SESSION_KEY = "portal.second_factor_proved"


def must_use_second_factor(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    return user.provider_roles.exists()


def has_authenticator(user):
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def proved_second_factor(request):
    """Whether this session's sign-in included a code, or the user set up
    their authenticator in it."""
    if request.session.get(PROVED_SESSION_KEY) == str(request.user.pk):
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def mark_proved(request, user):
    request.session[PROVED_SESSION_KEY] = str(user.pk)


#: Set at sign-in for those who must use a code, so that a resident's pages
#: ask nothing of the database to know it; the admin asks afresh each time.
REQUIRED_SESSION_KEY = "portal.second_factor_required"


def remember_requirement(request, user):
    if must_use_second_factor(user):
        request.session[REQUIRED_SESSION_KEY] = str(user.pk)
    else:
        request.session.pop(REQUIRED_SESSION_KEY, None)


def required_here(request, view_name, admin_prefix):
    """Whether this request's user must have proved a code to be served.

    The admin and the second factor's own pages ask afresh: someone given a
    staff role during their session is stopped there, and cannot make
    recovery codes with the password alone."""
    user = request.user
    in_admin = admin_prefix is not None and request.path_info.startswith(admin_prefix)
    if in_admin or view_name.startswith("mfa_"):
        return must_use_second_factor(user)
    return request.session.get(REQUIRED_SESSION_KEY) == str(user.pk)
