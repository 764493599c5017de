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
from plugins.billing.models import DwellingAccess, PersonalAccount

logger = logging.getLogger(__name__)

# Five wrong codes of one user within a quarter of an hour pause that user's
# linking of any account, the right code included, until the window passes.
# The pause is the guesser's own: it never locks the real owner out.
USER_FAILURES = ratelimit.Limit("link-failures-user", 5, 15 * 60)
# Many users together may still guess one account's short code, so an account
# has a ceiling of its own across all users: high enough that a guesser or two
# do not lock its owner out, low enough that a four-digit code (5,000 tries on
# average) takes more than ten days of steady guessing. An unknown account
# number counts the same, so the pause does not tell whether it exists.
ACCOUNT_FAILURES = ratelimit.Limit("link-failures-account", 20, 60 * 60)

# Compared against when the account does not exist, so that an unknown number
# costs the same work as a wrong code.
DUMMY_CODE = "0" * 20


class LinkRefusedError(Exception):
    """The account number and access code do not open any dwelling."""


class TooManyAttemptsError(Exception):
    """Too many wrong codes of this user or for this account lately; ``limit``
    is the one reached, which says how long to wait."""

    def __init__(self, limit):
        super().__init__(limit.name)
        self.limit = limit


def account_subject(provider, number):
    return f"account:{provider.pk}:{number}"


def limit_reached(user, provider, number):
    """The limit that pauses this try, or None: the account's first, as its
    wait is the longer, so the message names the wait that really applies."""
    if ratelimit.reached(ACCOUNT_FAILURES, account_subject(provider, number)):
        return ACCOUNT_FAILURES
    if ratelimit.reached(USER_FAILURES, user.pk):
        return USER_FAILURES
    return None


def count_failure(user, provider, number, account):
    """Count a wrong code against the user and the account; an existing account
    that thereby reaches its ceiling is someone's target, worth a warning."""
    subject = account_subject(provider, number)
    ratelimit.count(USER_FAILURES, user.pk)
    ratelimit.count(ACCOUNT_FAILURES, subject)
    if account is not None and ratelimit.reached(ACCOUNT_FAILURES, subject):
        logger.warning(
            "account %s: linking paused after %d wrong codes from any user",
            account.pk,
            ACCOUNT_FAILURES.most,
        )


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

    Raises TooManyAttemptsError while the user or the account is paused (checked
    before the code, so even the right one waits), and LinkRefusedError for an
    unknown account and a wrong code alike.
    """
    number, code = number.strip(), code.strip()
    limit = limit_reached(user, provider, number)
    if limit is not None:
        logger.info("user %s: dwelling link paused by %s", user.pk, limit.name)
        raise TooManyAttemptsError(limit)

    account = find_account(provider, number)
    if not code_matches(account, code):
        count_failure(user, provider, number, account)
        logger.info("user %s: dwelling link refused", user.pk)
        raise LinkRefusedError

    dwelling = account.dwelling
    with transaction.atomic():
        dwelling.residents.add(user)
        # A delegate who links the dwelling with its code is a resident now;
        # an owner's list of delegates must not show access they cannot take.
        DwellingAccess.objects.filter(dwelling=dwelling, user=user).delete()
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
