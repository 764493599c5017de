"""Charges are kept in one PostgreSQL partition per month.

A city's month adds a million charges. In a table of their own, a month's
import writes into a small table and its own indexes, a cabinet's "this
month" reads one partition, and a month that leaves the retention period is
detached whole instead of deleted row by row.

The partitions are made ahead of time: by the migration that partitioned the
table, by ``manage.py charge_partitions`` (run monthly, see
docs/operations.md), and by an import for the months of its file. A charge of
a month that has no partition yet is never refused: it is kept in the
default partition, and the month's partition takes it over when it is made.

A new month's table is attached rather than created as a partition: creating
one would lock the whole charge table against every reader while waiting
for any running import, and attaching needs only a lock that lets residents
read on.
"""

import logging
import re
from datetime import date

from django.db import connection, transaction
from django.db.utils import OperationalError

from plugins.billing.months import next_month

logger = logging.getLogger(__name__)

PARENT = "billing_charge"
DEFAULT = "billing_charge_default"
AHEAD = 12
NAME = re.compile(r"^billing_charge_(\d{4})_(\d{2})$")

# How long making a partition may wait for a lock before the caller goes on
# without it: an import must not queue residents' reads behind its wait.
LOCK_TIMEOUT = "2s"


def partition_name(month):
    return f"{PARENT}_{month:%Y_%m}"


def existing_months(cursor):
    """The months that have a partition of their own."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass",
        [PARENT],
    )
    months = set()
    for (name,) in cursor.fetchall():
        found = NAME.match(name)
        if found:
            months.add(date(int(found[1]), int(found[2]), 1))
    return months


def months_ahead(today, ahead=AHEAD):
    """This month and the ``ahead`` months after it."""
    months = [today.replace(day=1)]
    for _ in range(ahead):
        months.append(next_month(months[-1]))
    return months


def create_month(cursor, month):
    """Make the partition of ``month`` and move its charges out of the
    default partition. Run inside a transaction: a failure leaves nothing."""
    name = partition_name(month)
    start, end = month, next_month(month)
    cursor.execute(
        f"CREATE TABLE {name} (LIKE {PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    # The same bounds as a check, so that attaching trusts them instead of
    # reading the table again under its lock.
    cursor.execute(
        f"ALTER TABLE {name} ADD CONSTRAINT {name}_bounds "
        "CHECK (period >= %s AND period < %s)",
        [start, end],
    )
    cursor.execute(
        f"WITH moved AS (DELETE FROM {DEFAULT} "
        "WHERE period >= %s AND period < %s RETURNING *) "
        f"INSERT INTO {name} SELECT * FROM moved",
        [start, end],
    )
    moved = cursor.rowcount
    cursor.execute(
        f"ALTER TABLE {PARENT} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)",
        [start, end],
    )
    cursor.execute(f"ALTER TABLE {name} DROP CONSTRAINT {name}_bounds")
    return moved


def create_default(cursor):
    cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {PARENT} DEFAULT")


def months_in_default(cursor):
    cursor.execute(f"SELECT DISTINCT date_trunc('month', period)::date FROM {DEFAULT}")
    return {month for (month,) in cursor.fetchall()}


def ensure_months(months, wait=LOCK_TIMEOUT):
    """Make the partitions of ``months`` that are missing, each in its own
    short transaction. A month whose lock is not granted within ``wait`` is
    left to the default partition and logged. Returns the months made."""
    made = []
    with connection.cursor() as cursor:
        missing = sorted(set(months) - existing_months(cursor))
    for month in missing:
        if make_month(month, wait):
            made.append(month)
    return made


def make_month(month, wait):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Local to the transaction, and set back for a caller's outer one.
            cursor.execute(
                "SELECT current_setting('lock_timeout'), "
                "set_config('lock_timeout', %s, true)",
                [wait],
            )
            usual = cursor.fetchone()[0]
            moved = create_month(cursor, month)
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [usual])
    except OperationalError:
        logger.warning(
            "charge partition %s not made: the charge table is busy; "
            "its charges stay in the default partition",
            f"{month:%Y-%m}",
        )
        return False
    logger.info(
        "charge partition %s made, %d charges moved into it", f"{month:%Y-%m}", moved
    )
    return True
