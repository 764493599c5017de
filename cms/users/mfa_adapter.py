"""The portal's rules for allauth's second factor."""

from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from cms.users.second_factor import must_use_second_factor


class PortalMFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self):
        # The name the authenticator app lists the code under.
        return settings.WAGTAIL_SITE_NAME

    def can_delete_authenticator(self, authenticator):
        """Staff keep their authenticator; a resident may turn theirs off."""
        return not must_use_second_factor(authenticator.user)
