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


def required_here(request):
    """Whether this request's user must have proved a code to be served.

    Asked afresh on every request not yet proved, on every page: a role given
    during a session (a resident added to the office) reaches staff data
    outside the admin too (the office's document downloads), so a decision
    kept from sign-in would let the password alone in. It costs the queries
    of ``must_use_second_factor`` for sessions without a code, none for
    those with one."""
    return must_use_second_factor(request.user)
