"""Sends staff who have not proved a second factor in this session to do so.

With an authenticator they are asked for its code again; without one they
set one up first. Until then they may only reach the pages that do that,
sign out, or switch the language.
"""

import logging

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cms.users.second_factor import (
    has_authenticator,
    must_use_second_factor,
    proved_second_factor,
)

logger = logging.getLogger(__name__)

#: Views reachable before the code: setting up the app, typing its code,
#: the password allauth asks again before either, and leaving. Recovery codes
#: are not among them: made without the app's code, they would stand in for it.
OPEN_VIEWS = {
    "mfa_activate_totp",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "account_logout",
    "account_reauthenticate",
    "set_language",
    "health",
    "kiosk_finish",
}


def view_name(request):
    # With its namespace: a plugin's page named like one of the open views
    # (``someplugin:health``) is not open.
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_stop(request):
            return self.send_to_factor(request)
        return self.get_response(request)

    def must_stop(self, request):
        # The session's own proof first: it costs no query, and staff who
        # typed their code (and residents who did) need nothing more.
        if not request.user.is_authenticated or proved_second_factor(request):
            return False
        if view_name(request) in OPEN_VIEWS:
            return False
        # Asked afresh on every page rather than kept from sign-in: a role
        # given during a session (a resident added to the office) reaches
        # staff data outside the admin too, such as the office's downloads.
        return must_use_second_factor(request.user)

    def send_to_factor(self, request):
        user = request.user
        if has_authenticator(user):
            target = reverse("mfa_reauthenticate")
            messages.info(
                request, _("Enter the code from your authenticator app to go on.")
            )
        else:
            logger.info("user %s sent to set up a second factor", user.pk)
            target = reverse("mfa_activate_totp")
            messages.warning(
                request,
                _(
                    "Staff of the portal sign in with a password and a code "
                    "from an authenticator app. Set up the app to go on."
                ),
            )
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
