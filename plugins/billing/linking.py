"""Linking a resident to a dwelling by a personal account and its access code.

Whoever holds a bill holds its account number and access code, so knowing both
is what proves a resident may see the dwelling's charges. Guesses of the code
are limited per user and per account; a refusal never tells whether the
account exists.
"""

import hmac
import logging

from django.db import transaction

from plugins.billing import access, ratelimit
from plugins.billing.models import PersonalAccount

logger = logging.getLogger(__name__)

# Five wrong codes within a quarter of an hour block further tries, the right
# code included, until the window passes.
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
FAILURES = ratelimit.Limit("link-failures", MAX_FAILURES, WINDOW_SECONDS)

# Compared against when the account does not exist, so that an unknown number
# costs the same work as a wrong code.
DUMMY_CODE = "0" * 20


class LinkRefusedError(Exception):
    """The account number and access code do not open any dwelling."""


class TooManyAttemptsError(Exception):
    """Too many wrong codes of this user or for this account lately."""


def failure_subjects(user, provider, number):
    """Whose wrong codes count: the user's, and the account's from anyone."""
    return [f"user:{user.pk}", f"account:{provider.pk}:{number}"]


def code_matches(account, code):
    """Compare in constant time, and do the same work for an unknown account."""
    expected = account.access_code if account is not None else DUMMY_CODE
    matches = hmac.compare_digest(expected.encode(), code.encode())
    return account is not None and matches


def find_account(provider, number):
    return (
        PersonalAccount.objects.select_related("dwelling")
        .filter(provider=provider, number=number)
        .first()
    )


def link_dwelling(user, provider, number, code):
    """Add ``user`` to the residents of the dwelling of the provider's account
    ``number`` when ``code`` is its access code, and return the dwelling.

    Raises TooManyAttemptsError while the user or the account is blocked (checked
    before the code, so even the right one waits), and LinkRefusedError for an
    unknown account and a wrong code alike.
    """
    number, code = number.strip(), code.strip()
    subjects = failure_subjects(user, provider, number)
    if ratelimit.reached(FAILURES, *subjects):
        logger.info("user %s: dwelling link blocked after repeated failures", user.pk)
        raise TooManyAttemptsError

    account = find_account(provider, number)
    if not code_matches(account, code):
        ratelimit.count(FAILURES, *subjects)
        logger.info("user %s: dwelling link refused", user.pk)
        raise LinkRefusedError

    dwelling = account.dwelling
    with transaction.atomic():
        dwelling.residents.add(user)
    logger.info(
        "user %s linked dwelling %s via account %s", user.pk, dwelling.pk, account.pk
    )
    return dwelling


def unlink_dwelling(user, dwelling):
    """Remove only ``user`` from the dwelling's residents, co-owners staying,
    and withdraw the access that ends with them (see access.py)."""
    with transaction.atomic():
        access.lock(dwelling)
        withdrawn = access.withdraw_on_unlink(user, dwelling)
        dwelling.residents.remove(user)
    logger.info(
        "user %s unlinked dwelling %s, %d delegations withdrawn",
        user.pk,
        dwelling.pk,
        len(withdrawn),
    )
