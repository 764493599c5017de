"""Writing valid rows: dwellings, accounts and charges, upserted."""

from datetime import date

from django.db import connection

from cms.directory.models import Service
from cms.tariffs.models import Tariff
from plugins.billing.importing.rows import MergeResult
from plugins.billing.models import Charge, Dwelling, PersonalAccount

# The key of the PostgreSQL advisory lock that lets one import at a time
# create dwellings: a fixed number no other code takes as a lock.
DWELLINGS_LOCK = 0x6269_6C6C_6477_6C67  # "billdwlg"

# The fields of Charge an export sets; a re-import compares exactly these.
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


def merge(rows, provider):
    """Upsert valid rows by account, service and period, and delete the
    provider's charges of the file's months that the file leaves out. Run
    inside a transaction."""
    result = MergeResult(rows=len(rows))

    dwellings, created = merge_dwellings(rows, result)
    accounts, changed_accounts = merge_accounts(rows, provider, dwellings, result)
    services = {s.code: s for s in Service.objects.filter(code__in=row_services(rows))}
    tariffs = TariffFinder(provider, services.values())
    changed_charges = merge_charges(rows, accounts, services, tariffs, result)
    removed = remove_missing_charges(rows, provider, accounts, services, result)

    # A row changed when anything it describes was created or updated: its
    # charge, its account (payer, access code) or its dwelling.
    result.changed = sum(
        1
        for row in rows
        if row.key in changed_charges
        or row.account in changed_accounts
        or row.address in created
    )
    # A charge the corrected file no longer lists has no row of its own to
    # count, so each one removed counts as a change by itself.
    result.changed += removed
    return result


def row_services(rows):
    return {row.service for row in rows}


def merge_dwellings(rows, result):
    """Find each row's dwelling by address and create the missing ones. Existing
    dwellings keep their area and persons: several providers export the same
    dwelling and the cabinet must not flip between their figures.

    Returns the dwellings by address, and the addresses created."""
    # Dwellings are shared by all providers, while an import's own lock is per
    # provider: two providers may bring the same new address at once, and the
    # second insert would fail on the unique address. This lock makes imports
    # take turns from here to their commit. It is preferred to INSERT ... ON
    # CONFLICT DO NOTHING, which cannot tell which rows it inserted while the
    # summary counts the dwellings created; and imports are a few files a
    # month, so taking turns costs nothing. Under READ COMMITTED the query
    # below, run once the lock is held, sees the dwellings of the import that
    # held it before.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DWELLINGS_LOCK])

    wanted = {row.address: row for row in rows}
    streets = {street for street, _house, _apartment in wanted}
    found = {
        (d.street, d.house, d.apartment): d
        for d in Dwelling.objects.filter(street__in=streets)
        if (d.street, d.house, d.apartment) in wanted
    }

    missing = [
        Dwelling(
            street=row.street,
            house=row.house,
            apartment=row.apartment,
            total_area=row.total_area,
            registered_persons=row.persons,
        )
        for address, row in wanted.items()
        if address not in found
    ]
    for dwelling in Dwelling.objects.bulk_create(missing):
        found[(dwelling.street, dwelling.house, dwelling.apartment)] = dwelling

    result.dwellings_created = len(missing)
    return found, {dwelling_address(dwelling) for dwelling in missing}


def dwelling_address(dwelling):
    return (dwelling.street, dwelling.house, dwelling.apartment)


def merge_accounts(rows, provider, dwellings, result):
    wanted = {row.account: row for row in rows}
    found = {
        account.number: account
        for account in PersonalAccount.objects.filter(
            provider=provider, number__in=wanted
        )
    }

    changed = []
    for account in found.values():
        row = wanted[account.number]
        if (account.access_code, account.payer_name) != (row.access_code, row.payer):
            account.access_code = row.access_code
            account.payer_name = row.payer
            changed.append(account)
    PersonalAccount.objects.bulk_update(changed, ["access_code", "payer_name"])

    missing = [
        PersonalAccount(
            dwelling=dwellings[row.address],
            provider=provider,
            number=number,
            access_code=row.access_code,
            payer_name=row.payer,
        )
        for number, row in wanted.items()
        if number not in found
    ]
    for account in PersonalAccount.objects.bulk_create(missing):
        found[account.number] = account

    result.accounts_created = len(missing)
    result.accounts_updated = len(changed)
    return found, {account.number for account in changed + missing}


def merge_charges(rows, accounts, services, tariffs, result):
    # TODO: the export carries only each month's paid total, so no Payment rows
    # come from it; listing individual bank payments in the cabinet needs a
    # payments file (date, amount, bank reference) agreed with the providers.
    existing = {
        (charge.account_id, charge.service_id, charge.period): charge
        for charge in Charge.objects.filter(
            account__in=[accounts[row.account] for row in rows],
            period__in={row.period for row in rows},
        )
    }

    created, updated, changed = [], [], set()
    for row in rows:
        account, service = accounts[row.account], services[row.service]
        values = charge_values(row, tariffs.find(service, row.period, row.price))
        charge = existing.get((account.pk, service.pk, row.period))
        if charge is None:
            created.append(
                Charge(account=account, service=service, period=row.period, **values)
            )
            changed.add(row.key)
        elif any(getattr(charge, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(charge, name, value)
            updated.append(charge)
            changed.add(row.key)

    Charge.objects.bulk_create(created)
    Charge.objects.bulk_update(updated, CHARGE_FIELDS)
    result.charges_created = len(created)
    result.charges_updated = len(updated)
    return changed


def remove_missing_charges(rows, provider, accounts, services, result):
    """Delete the provider's charges of the file's months that the file leaves
    out: a corrected file for a month replaces the provider's whole month.
    Other providers' charges and other months are not touched.

    Returns the number of charges deleted."""
    kept = {
        (accounts[row.account].pk, services[row.service].pk, row.period) for row in rows
    }
    missing = [
        pk
        for pk, account_id, service_id, period in Charge.objects.filter(
            account__provider=provider, period__in=row_periods(rows)
        ).values_list("pk", "account_id", "service_id", "period")
        if (account_id, service_id, period) not in kept
    ]
    Charge.objects.filter(pk__in=missing).delete()
    result.charges_deleted = len(missing)
    return len(missing)


def row_periods(rows):
    return {row.period for row in rows}


def charge_values(row, tariff):
    values = {name: getattr(row, name) for name in CHARGE_FIELDS if name != "tariff_id"}
    values["tariff_id"] = tariff.pk if tariff else None
    return values


class TariffFinder:
    """The provider's approved tariff a row's price comes from, looked up once.

    A charge links to a tariff only when the export's price equals a tariff in
    force in that month; otherwise the price stays on the charge alone, and the
    portal's own recalculation flags the difference.
    """

    def __init__(self, provider, services):
        self.tariffs = list(
            Tariff.objects.approved().filter(provider=provider, service__in=services)
        )

    def find(self, service, month, price):
        for tariff in self.tariffs:
            if (
                tariff.service_id == service.pk
                and tariff.price == price
                and (tariff.valid_from is None or tariff.valid_from <= last_day(month))
                and (tariff.valid_to is None or tariff.valid_to >= month)
            ):
                return tariff
        return None


def last_day(month):
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
