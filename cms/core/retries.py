"""Trying a background task again a while later, a set number of times: the
e-mails of notices, of private messages and of signing in all wait out a
failing mail server this way."""

import logging

from django.utils import timezone

logger = logging.getLogger(__name__)


def try_again_later(task, args, attempt, *, attempts, after, error, what):
    """Queue ``task(*args, attempt + 1)`` to run ``after`` from now, on a
    backend that can wait (at once on one that cannot); return False, with an
    error logged, once ``attempts`` are spent. ``what`` names the work in the
    log by its ids, never by an address."""
    if attempt >= attempts:
        logger.error(
            "%s given up after %d attempts (%s)", what, attempt, type(error).__name__
        )
        return False
    logger.warning(
        "%s failed (%s), attempt %d of %d",
        what,
        type(error).__name__,
        attempt,
        attempts,
    )
    later = task
    if task.get_backend().supports_defer:
        later = task.using(run_after=timezone.now() + after)
    later.enqueue(*args, attempt + 1)
    return True
