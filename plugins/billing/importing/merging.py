"""Writing the checked rows: dwellings, accounts and charges, set by set.

Each step is a statement over the whole file: what exists is found with one
join, what is new is inserted with one INSERT … SELECT, what differs is
updated with one UPDATE … FROM. Run inside the import's transaction.
"""

from cms.directory.models import Service
from cms.tariffs.models import Tariff
from plugins.billing.disputes import withdrawn_answer
from plugins.billing.importing.bases import METERED, basis_sql, create_metered, joins
from plugins.billing.importing.grants import apply_grants
from plugins.billing.importing.rows import MergeResult
from plugins.billing.importing.staging import ROWS, create_table
from plugins.billing.models import (
    Charge,
    ChargeDispute,
    DisputeStatus,
    Dwelling,
    PersonalAccount,
)

# The key of the PostgreSQL advisory lock that lets one import at a time
# create dwellings: a fixed number no other code takes as a lock.
DWELLINGS_LOCK = 0x6269_6C6C_6477_6C67  # "billdwlg"

PAYERS = "billing_import_payers"
ADDRESSES = "billing_import_addresses"
ACCOUNTS = "billing_import_accounts"
PRICES = "billing_import_prices"
PLAN = "billing_import_plan"
REMOVED = "billing_import_removed"

DWELLING = Dwelling._meta.db_table
ACCOUNT = PersonalAccount._meta.db_table
CHARGE = Charge._meta.db_table
DISPUTE = ChargeDispute._meta.db_table
SERVICE = Service._meta.db_table
TARIFF = Tariff._meta.db_table

# The fields of a charge an export sets; a re-import compares exactly these.
CHARGE_FIELDS = (
    "opening_balance",
    "volume",
    "unit",
    "price",
    "tariff_id",
    "charged",
    "benefit",
    "subsidy",
    "recalculation",
    "paid",
    "closing_balance",
)


def merge(cursor, provider, periods):
    """Upsert the rows by account, service and period, and delete the
    provider's charges of the file's months (``periods``) that the file leaves
    out. Housing subsidies granted in the portal replace the file's own."""
    result = MergeResult()
    cursor.execute(f"SELECT count(*) FROM {ROWS}")
    result.rows = cursor.fetchone()[0]
    drop_tables(cursor)

    result.dwellings_created = merge_dwellings(cursor)
    result.accounts_created, result.accounts_updated = merge_accounts(cursor, provider)
    apply_grants(cursor, ACCOUNTS, periods)
    plan_charges(cursor, provider)
    create_metered(cursor)
    lock_directory(cursor)
    result.charges_deleted = remove_missing_charges(cursor, provider)
    result.charges_updated = update_charges(cursor)
    result.charges_created = insert_charges(cursor)

    # A charge the corrected file no longer lists has no row of its own to
    # count, so each one removed counts as a change by itself.
    cursor.execute(f"SELECT count(*) FROM {PLAN} WHERE row_changed")
    result.changed = cursor.fetchone()[0] + result.charges_deleted
    drop_tables(cursor)
    return result


def drop_tables(cursor):
    cursor.execute(
        f"DROP TABLE IF EXISTS {PAYERS}, {ADDRESSES}, {ACCOUNTS}, {PRICES}, {PLAN}, "
        f"{REMOVED}, {METERED}"
    )


def merge_dwellings(cursor):
    """Create the dwellings of addresses not known yet, with the area and
    persons of the address's last row. Existing dwellings keep theirs: several
    providers export the same dwelling and the cabinet must not flip between
    their figures. Returns the number created."""
    # Dwellings are shared by all providers, while an import's own lock is per
    # provider: two providers may bring the same new address at once, and the
    # second insert would fail on the unique address. This lock makes imports
    # take turns from here to their commit; under READ COMMITTED the join
    # below, run once the lock is held, sees the dwellings of the import that
    # held it before.
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DWELLINGS_LOCK])
    # One row per account with its last line: the checks made every row of
    # an account describe it alike, so grouping by all it says finds it
    # without sorting the file's million rows.
    create_table(
        cursor,
        PAYERS,
        "SELECT account, access_code, payer, street, house, apartment, total_area, "
        f"persons, max(line) AS line FROM {ROWS} "
        "GROUP BY account, access_code, payer, street, house, apartment, total_area, persons",
    )
    create_table(
        cursor,
        ADDRESSES,
        "SELECT w.street, w.house, w.apartment, w.total_area, w.persons, d.id IS NULL AS new "
        "FROM (SELECT DISTINCT ON (street, house, apartment) street, house, apartment, "
        f"total_area, persons FROM {PAYERS} ORDER BY street, house, apartment, line DESC) w "
        f"LEFT JOIN {DWELLING} d "
        "ON (d.street, d.house, d.apartment) = (w.street, w.house, w.apartment)",
    )
    cursor.execute(
        f"INSERT INTO {DWELLING} (street, house, apartment, postal_code, kind, total_area, "
        "registered_persons, has_water_meter) "
        "SELECT street, house, apartment, '', %s, total_area, persons, false "
        f"FROM {ADDRESSES} WHERE new",
        [Dwelling._meta.get_field("kind").get_default()],
    )
    created = cursor.rowcount
    refresh_statistics(cursor, DWELLING, created)
    return created


def merge_accounts(cursor, provider):
    """Create the accounts not known yet and update the payer and access code
    of the others. Returns the numbers created and updated.

    The accounts table left behind holds each account's id and whether its
    rows count as changed for what they say of the account or its dwelling,
    so that the charges are planned against 200,000 accounts rather than
    against a million rows' addresses."""
    create_table(
        cursor,
        ACCOUNTS,
        "SELECT w.account, w.access_code, w.payer, d.id AS dwelling_id, a.id AS account_id, "
        "a.id IS NULL OR (a.access_code, a.payer_name) <> (w.access_code, w.payer) "
        "AS account_changed, ad.new AS dwelling_new "
        f"FROM {PAYERS} w "
        f"JOIN {ADDRESSES} ad "
        "ON (ad.street, ad.house, ad.apartment) = (w.street, w.house, w.apartment) "
        f"JOIN {DWELLING} d "
        "ON (d.street, d.house, d.apartment) = (w.street, w.house, w.apartment) "
        f"LEFT JOIN {ACCOUNT} a ON a.provider_id = %s AND a.number = w.account",
        [provider.pk],
    )
    cursor.execute(
        f"UPDATE {ACCOUNT} a SET access_code = w.access_code, payer_name = w.payer "
        f"FROM {ACCOUNTS} w WHERE a.id = w.account_id AND w.account_changed"
    )
    updated = cursor.rowcount
    cursor.execute(
        f"WITH created AS (INSERT INTO {ACCOUNT} "
        "(dwelling_id, provider_id, number, access_code, payer_name) "
        f"SELECT dwelling_id, %s, account, access_code, payer FROM {ACCOUNTS} "
        "WHERE account_id IS NULL RETURNING id, number) "
        f"UPDATE {ACCOUNTS} w SET account_id = created.id FROM created "
        "WHERE w.account = created.number",
        [provider.pk],
    )
    created = cursor.rowcount
    refresh_statistics(cursor, ACCOUNT, created)
    cursor.execute(f"ANALYZE {ACCOUNTS}")
    return created, updated


# Rows written in one statement after which a table's statistics are renewed.
MANY_ROWS = 1000


def refresh_statistics(cursor, table, written):
    """Renew ``table``'s statistics after a large write. Autovacuum would, but
    only after the commit: the next join of this import would be planned for
    the table as it was, a nested loop over a million rows."""
    if written >= MANY_ROWS:
        cursor.execute(f"ANALYZE {table}")


def plan_charges(cursor, provider):
    """Pair every row with its account, service, tariff and existing charge,
    and note whether anything the row describes is new or different."""
    # The previous import's charges may not be counted yet.
    cursor.execute(f"SELECT count(*) FROM {ROWS}")
    refresh_statistics(cursor, CHARGE, cursor.fetchone()[0])
    find_tariffs(cursor, provider)
    differs = " OR ".join(
        f"c.{name} IS DISTINCT FROM {source}"
        for name, source in zip(CHARGE_FIELDS, charge_sources(), strict=True)
    )
    create_table(
        cursor,
        PLAN,
        "SELECT r.*, w.account_id, p.service_id, p.tariff_id, c.id AS charge_id, "
        f"c.id IS NULL OR {differs} AS charge_changed, "
        f"c.id IS NULL OR {differs} OR w.account_changed OR w.dwelling_new AS row_changed "
        f"FROM {ROWS} r "
        f"JOIN {ACCOUNTS} w ON w.account = r.account "
        f"JOIN {PRICES} p ON (p.service, p.period, p.price) = (r.service, r.period, r.price) "
        f"LEFT JOIN {CHARGE} c "
        "ON c.account_id = w.account_id AND c.service_id = p.service_id "
        "AND c.period = r.period",
        joined=False,
    )
    # Only the removal below joins the plan, on the charge alone.
    cursor.execute(f"ANALYZE {PLAN} (charge_id)")


def charge_sources():
    return [
        f"r.{name}" if name != "tariff_id" else "p.tariff_id" for name in CHARGE_FIELDS
    ]


def find_tariffs(cursor, provider):
    """The approved tariff each service, month and price of the file comes
    from, looked up once per price rather than once per row.

    A charge links to a tariff only when the export's price equals a tariff in
    force in that month; otherwise the price stays on the charge alone, and the
    portal's own recalculation flags the difference."""
    create_table(
        cursor,
        PRICES,
        "SELECT k.service, s.id AS service_id, k.period, k.price, t.id AS tariff_id "
        f"FROM (SELECT DISTINCT service, period, price FROM {ROWS}) k "
        f"JOIN {SERVICE} s ON s.code = k.service "
        "LEFT JOIN LATERAL ("
        f"SELECT t.id FROM {TARIFF} t "
        "WHERE t.provider_id = %s AND t.service_id = s.id AND t.status = %s "
        "AND t.price = k.price "
        "AND (t.valid_from IS NULL "
        "OR t.valid_from < k.period + interval '1 month') "
        "AND (t.valid_to IS NULL OR t.valid_to >= k.period) "
        "ORDER BY t.valid_from DESC NULLS FIRST, t.id LIMIT 1) t ON true",
        [provider.pk, Tariff.Status.APPROVED],
    )


class DirectoryChangedError(Exception):
    """A service or tariff the file's charges name was deleted while the
    file was being planned."""


def lock_directory(cursor):
    """Hold the services and tariffs the charges will name until the commit.

    The charge table checks neither against the directory (see ``Charge``):
    the plan named only rows it found there, and this lock keeps them there
    as a foreign key's would. A delete waits for the import's commit and is
    then refused by the directory's trigger; one that came first leaves fewer
    rows to lock, and the import fails rather than name a missing row."""
    for table, column in ((SERVICE, "service_id"), (TARIFF, "tariff_id")):
        cursor.execute(
            f"WITH locked AS (SELECT id FROM {table} "
            f"WHERE id IN (SELECT {column} FROM {PRICES}) FOR KEY SHARE) "
            "SELECT (SELECT count(*) FROM locked), "
            f"(SELECT count(DISTINCT {column}) FROM {PRICES})"
        )
        locked, named = cursor.fetchone()
        if locked != named:
            raise DirectoryChangedError(
                f"{named - locked} rows of {table} went missing"
            )


def remove_missing_charges(cursor, provider):
    """Delete the provider's charges of the file's months that the file leaves
    out: a corrected file for a month replaces the provider's whole month.
    Other providers' charges and other months are not touched. Returns the
    number deleted."""
    create_table(
        cursor,
        REMOVED,
        f"SELECT c.id, c.period FROM {CHARGE} c "
        f"JOIN {ACCOUNT} a ON a.id = c.account_id "
        f"WHERE a.provider_id = %s AND c.period IN (SELECT DISTINCT period FROM {ROWS}) "
        f"AND NOT EXISTS (SELECT FROM {PLAN} p WHERE p.charge_id = c.id)",
        [provider.pk],
        joined=False,
    )
    # A dispute outlives the charge it is about: an open one is answered, as
    # resolved, with the reason, and the resident still sees it.
    cursor.execute(
        f"UPDATE {DISPUTE} SET charge_id = NULL, "
        "status = CASE WHEN status = %(open)s THEN %(resolved)s ELSE status END, "
        "answer = CASE WHEN status = %(open)s THEN %(answer)s ELSE answer END, "
        "answered_at = CASE WHEN status = %(open)s THEN now() ELSE answered_at END "
        f"WHERE charge_id IN (SELECT id FROM {REMOVED})",
        {
            "open": DisputeStatus.OPEN,
            "resolved": DisputeStatus.RESOLVED,
            "answer": withdrawn_answer(),
        },
    )
    # By the whole key, so that each month's partition is read only for its own.
    cursor.execute(
        f"DELETE FROM {CHARGE} WHERE (id, period) IN (SELECT id, period FROM {REMOVED})"
    )
    return cursor.rowcount


def update_charges(cursor):
    assignments = ", ".join(f"{name} = p.{name}" for name in CHARGE_FIELDS)
    basis, params = basis_sql("p", "s", "t")
    cursor.execute(
        f"UPDATE {CHARGE} c SET {assignments}, volume_basis = {basis} "
        f"FROM {PLAN} p {joins('p', 's', 't')} "
        "WHERE c.id = p.charge_id AND c.period = p.period AND p.charge_changed",
        params,
    )
    return cursor.rowcount


def insert_charges(cursor):
    names = ", ".join(f"p.{name}" for name in CHARGE_FIELDS)
    basis, params = basis_sql("p", "s", "t")
    cursor.execute(
        f"INSERT INTO {CHARGE} (account_id, service_id, period, volume_basis, "
        f"{', '.join(CHARGE_FIELDS)}) "
        f"SELECT p.account_id, p.service_id, p.period, {basis}, {names} "
        f"FROM {PLAN} p {joins('p', 's', 't')} "
        # In the order of the unique index, which then grows at its end.
        "WHERE p.charge_id IS NULL ORDER BY p.account_id, p.service_id, p.period",
        params,
    )
    return cursor.rowcount
