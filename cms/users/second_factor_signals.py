"""Keeps the session's second-factor state in step with authenticators set
up or removed."""

import logging

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed

from cms import audit
from cms.users.second_factor import mark_proved

logger = logging.getLogger(__name__)


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    # The code typed to activate an app was checked against its secret;
    # recovery codes are made without one, so they prove nothing.
    is_app = authenticator.type == Authenticator.Type.TOTP
    if is_app and request is not None and request.user.pk == user.pk:
        mark_proved(request, user)
    audit.record(
        "users.authenticator.added", actor=user, target=user, kind=authenticator.type
    )
    logger.info("user %s set up a %s authenticator", user.pk, authenticator.type)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit.record("users.authenticator.removed", target=user, kind=authenticator.type)
    logger.info("user %s removed a %s authenticator", user.pk, authenticator.type)


def connect():
    authenticator_added.connect(
        on_authenticator_added, dispatch_uid="users_second_factor_added"
    )
    authenticator_removed.connect(
        on_authenticator_removed, dispatch_uid="users_second_factor_removed"
    )
