"""The registry of what the portal holds about a person, filled by each part
that holds something.

The core knows no plugin: each plugin registers, from its ``ready()``, a
function that lists its part of a user's data for the "My data" export and a
function that erases its part when the user closes their account. The export
and the closing call whatever is registered, so removing a plugin from the
settings removes its section and its eraser with it.
"""

import logging

logger = logging.getLogger(__name__)

# Section name -> function(user) returning JSON-ready lists/dicts.
_collectors = {}
# Section name -> function(user) erasing or detaching that part; called inside
# the closing transaction, so it must not commit or swallow errors.
_erasers = {}


def register_personal_data(section, collect):
    """Add ``collect(user)`` as the export's section ``section``. It returns
    plain lists/dicts of strings, numbers and dates, with a bounded number of
    queries whatever the number of rows."""
    _collectors[section] = collect


def register_personal_data_eraser(section, erase):
    """Add ``erase(user)`` to what closing an account runs for ``section``."""
    _erasers[section] = erase


def collect_personal_data(user):
    """Every registered section of ``user``'s data, in registration order."""
    return {section: collect(user) for section, collect in _collectors.items()}


def erase_personal_data(user):
    """Run every registered eraser for ``user``; the caller holds the
    transaction, so one eraser's failure undoes the others."""
    for section, erase in _erasers.items():
        logger.info("erasing section %s of user %s", section, user.pk)
        erase(user)
