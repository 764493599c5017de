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
from django.contrib.auth import get_user_model
from django.db.models import Q

logger = logging.getLogger(__name__)

#: Set in the session when its user activated an authenticator in it: the
#: code typed to activate it proves the factor as well as a sign-in would.
PROVED_SESSION_KEY = "portal.second_factor_proved"


#: The admin's access, given to a user or through one of their groups.
ADMIN_ACCESS = Q(
    user_permissions__codename="access_admin",
    user_permissions__content_type__app_label="wagtailadmin",
) | Q(
    groups__permissions__codename="access_admin",
    groups__permissions__content_type__app_label="wagtailadmin",
)

#: Lookups on the user model that a plugin's staff roles answer (a
#: provider's staff, say), registered by the plugins that give such roles.
STAFF_LOOKUPS = []


def register_staff_lookup(lookup):
    """Count whoever ``lookup`` (a ``Q`` on the user model) finds as staff,
    who must use a second factor."""
    STAFF_LOOKUPS.append(lookup)


def must_use_second_factor(user):
    """Asked on each page of a session without a code: the flags first, then
    every role in one query."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    roles = ADMIN_ACCESS
    for lookup in STAFF_LOOKUPS:
        roles |= lookup
    return get_user_model().objects.filter(pk=user.pk).filter(roles).exists()


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
