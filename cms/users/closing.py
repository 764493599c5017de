"""Closing a resident's account: every part erases what the law does not
require to keep, then the profile itself is erased, all in one transaction."""

import logging

from django.db import transaction

from cms import audit
from cms.users.personal_data import erase_personal_data
from cms.users.profile_data import erase_profile

logger = logging.getLogger(__name__)


def close_account(user):
    """Erase ``user``'s personal data and profile; payments and subsidy
    decisions stay, linked to the anonymised id. Any failure leaves
    everything as it was."""
    with transaction.atomic():
        erase_personal_data(user)
        erase_profile(user)
        audit.record("users.user.closed", actor=user, target=user)
    logger.info("account %s closed", user.pk)
