"""Housing subsidies granted in the portal, applied to a file's rows before its
charges are planned.

The rows of a granted dwelling, service and month take the granted subsidy
(capped as ``plugins.billing.grants.cap`` caps it) and their closing balance
moves by the difference, as if the provider had exported them so. Planning
then compares the charges with what the portal will keep, so loading the
same file again changes nothing and reports nothing changed, and a charge is
written once, not written by the export and then again by the grant.
"""

import logging
import time

from cms.directory.models import Service
from plugins.billing.importing.staging import ROWS
from plugins.billing.models import SubsidyGrant

logger = logging.getLogger(__name__)

GRANT = SubsidyGrant._meta.db_table
SERVICE = Service._meta.db_table


def apply_grants(cursor, accounts, periods):
    """Set the granted subsidy on the rows of ``periods``; ``accounts`` is the
    merge's table of the file's accounts and their dwellings. Returns the
    number of rows whose subsidy changed."""
    # A decision recorded while the file is merged waits for its commit and
    # is then applied to the charges the file wrote (grants.grant_subsidy);
    # one recorded before is seen here. Imports of other providers share the
    # lock and do not wait for each other.
    cursor.execute(f"LOCK TABLE {GRANT} IN SHARE MODE")
    if not periods:
        return 0
    cursor.execute(
        f"SELECT EXISTS (SELECT FROM {GRANT} "
        "WHERE period_from <= %(last)s AND period_to >= %(first)s)",
        {"first": min(periods), "last": max(periods)},
    )
    if not cursor.fetchone()[0]:
        return 0

    # The grants in force, one per account, service and month, are few; the
    # file's rows are joined to them once, by hashing.
    started = time.monotonic()
    granted = "least(g.monthly, greatest(r.charged - r.benefit, 0))"
    cursor.execute(
        f"UPDATE {ROWS} r SET subsidy = {granted}, "
        f"closing_balance = r.closing_balance + r.subsidy - {granted} "
        "FROM (SELECT DISTINCT ON (w.account, s.code, m.period) "
        "w.account, s.code AS service, m.period, g.monthly "
        f"FROM {GRANT} g "
        "JOIN unnest(%(periods)s::date[]) m(period) "
        "ON m.period BETWEEN g.period_from AND g.period_to "
        f"JOIN {SERVICE} s ON s.id = g.service_id "
        f"JOIN {accounts} w ON w.dwelling_id = g.dwelling_id "
        "ORDER BY w.account, s.code, m.period, g.created_at DESC, g.id DESC) g "
        "WHERE (r.account, r.service, r.period) = (g.account, g.service, g.period) "
        f"AND r.subsidy IS DISTINCT FROM {granted}",
        {"periods": list(periods)},
    )
    applied = cursor.rowcount
    logger.info(
        "granted subsidies applied to %d rows of the file in %d ms",
        applied,
        (time.monotonic() - started) * 1000,
    )
    return applied
