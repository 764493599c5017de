"""A fingerprint of every row a dwelling's cabinet fragments are drawn from,
read in one query.

PostgreSQL writes a new version of a row on every insert and update, and
each version has its own place in the table (``ctid``) and the id of the
transaction that wrote it (``xmin``). Two versions of one row never share
both: a later transaction has another id, and within one transaction the old
version still holds its place while the new one is written. So the list of
(table, place, writer) of a set of rows changes whenever any of them is
inserted, updated or deleted, by whatever path: the billing import's bulk
SQL, a subsidy grant's bulk update, an editor approving a tariff, the admin,
or a statement typed into psql. Locking a row (``SELECT … FOR UPDATE``) does
not change it; rewriting a table (``VACUUM FULL``) does, which costs one
rendering more and nothing else.

The rows are those the month's charges, their checks and explanations, the
history tables and charts, and the payments read: the dwelling itself (area,
persons, norm), its accounts, their charges, payments, meters and meter
readings, the accounts' providers and all their tariffs, the services, and
the dwelling's water norm.
Every lookup is by an indexed column of the dwelling or its accounts.
"""

from django.db import connections, router

from cms.directory.models import Provider, Service
from cms.tariffs.models import ConsumptionNorm, Tariff
from plugins.billing.models import (
    Charge,
    Dwelling,
    Meter,
    MeterReading,
    Payment,
    PersonalAccount,
)

# A row's version: its partition (charges are partitioned by month), its place
# and its writer.
VERSION = "{alias}.tableoid::text || {alias}.ctid::text || {alias}.xmin::text"


def versions_of(table, alias, where):
    """A subquery joining the versions of ``table``'s rows matching ``where``
    in a stable order."""
    version = VERSION.format(alias=alias)
    return (
        f"(SELECT string_agg({version}, ',' ORDER BY {version}) "
        f"FROM {table} {alias} WHERE {where})"
    )


def fingerprint_sql():
    tables = {
        model.__name__: model._meta.db_table
        for model in (
            Dwelling,
            PersonalAccount,
            Charge,
            Meter,
            MeterReading,
            Payment,
            Tariff,
            Provider,
            Service,
            ConsumptionNorm,
        )
    }
    accounts = "(SELECT id FROM accounts)"
    providers = "(SELECT provider_id FROM accounts)"
    meters = f"(SELECT id FROM {tables['Meter']} WHERE account_id IN {accounts})"
    parts = [
        versions_of(tables["Dwelling"], "d", "d.id = %(dwelling)s"),
        versions_of(tables["PersonalAccount"], "a", "a.dwelling_id = %(dwelling)s"),
        versions_of(tables["Charge"], "c", f"c.account_id IN {accounts}"),
        versions_of(tables["Payment"], "y", f"y.account_id IN {accounts}"),
        versions_of(tables["Meter"], "m", f"m.account_id IN {accounts}"),
        versions_of(tables["MeterReading"], "r", f"r.meter_id IN {meters}"),
        versions_of(tables["Provider"], "p", f"p.id IN {providers}"),
        versions_of(tables["Tariff"], "t", f"t.provider_id IN {providers}"),
        versions_of(tables["Service"], "s", "TRUE"),
        versions_of(
            tables["ConsumptionNorm"],
            "n",
            f"n.id = (SELECT water_norm_id FROM {tables['Dwelling']} "
            "WHERE id = %(dwelling)s)",
        ),
    ]
    return (
        f"WITH accounts AS (SELECT id, provider_id FROM "
        f"{tables['PersonalAccount']} WHERE dwelling_id = %(dwelling)s) "
        f"SELECT md5(concat_ws('/', {', '.join(parts)}))"
    )


def fingerprint(dwelling):
    """A digest that changes whenever a row the dwelling's fragments show does.

    Read from the database the page's charges are read from: a fingerprint
    newer than the rows drawn under it would keep old figures under a new key.
    """
    alias = router.db_for_read(Charge)
    with connections[alias].cursor() as cursor:
        cursor.execute(fingerprint_sql(), {"dwelling": dwelling.pk})
        return cursor.fetchone()[0]
