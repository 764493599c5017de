"""On what each imported charge's volume rests: a meter, the norm, the area
or the registered persons.

Exports state a volume and its unit but not where the volume came from, and
the cabinet says it next to every volume. The unit of the tariff the charge
was matched to tells area and persons apart (the export's own unit when no
tariff matched); water and sewerage are by meter where the dwelling has a
water meter the portal knows, and by the norm where it has none, as the
rules of calculation.py bill them; anything else is measured.
"""

from cms.directory.models import Service
from cms.tariffs.models import Tariff, Unit
from plugins.billing.calculation import NORM_SERVICES
from plugins.billing.choices import VolumeBasis
from plugins.billing.importing.staging import create_table
from plugins.billing.models import Meter, PersonalAccount

METERED = "billing_import_metered"

SERVICE = Service._meta.db_table
TARIFF = Tariff._meta.db_table
ACCOUNT = PersonalAccount._meta.db_table
METER = Meter._meta.db_table

# How exports write the units of area and of persons, in lower case.
AREA_UNITS = (Unit.SQUARE_METRE_MONTH.value, "м²", "м2", "m²", "m2", "кв.м", "кв. м")
PERSON_UNITS = (Unit.PERSON_MONTH.value, "особа", "осіб", "ос.", "чол.", "person")

# The service whose meters measure water for the norm services.
WATER = "water_supply"


def create_metered(cursor):
    """A temporary table of the accounts whose dwelling has a water meter:
    few rows, whatever the size of the file."""
    create_table(
        cursor,
        METERED,
        f"SELECT DISTINCT a.id AS account_id FROM {METER} m "
        f"JOIN {SERVICE} ms ON ms.id = m.service_id AND ms.code = %s "
        f"JOIN {ACCOUNT} ma ON ma.id = m.account_id "
        f"JOIN {ACCOUNT} a ON a.dwelling_id = ma.dwelling_id",
        [WATER],
    )


def basis_sql(plan, service, tariff):
    """A SQL expression of a charge's basis and its parameters, over the plan
    row, its service and its (left-joined) tariff by their aliases."""
    unit = f"coalesce({tariff}.unit, lower(trim({plan}.unit)))"
    sql = (
        f"CASE WHEN {unit} = ANY(%s) THEN %s "
        f"WHEN {unit} = ANY(%s) THEN %s "
        f"WHEN {service}.code = ANY(%s) "
        f"AND {plan}.account_id NOT IN (SELECT account_id FROM {METERED}) THEN %s "
        "ELSE %s END"
    )
    params = [
        list(AREA_UNITS),
        VolumeBasis.AREA.value,
        list(PERSON_UNITS),
        VolumeBasis.PERSONS.value,
        sorted(NORM_SERVICES),
        VolumeBasis.NORM.value,
        VolumeBasis.METER.value,
    ]
    return sql, params


def joins(plan, service, tariff):
    """The joins ``basis_sql`` reads the service and the tariff through."""
    return (
        f"JOIN {SERVICE} {service} ON {service}.id = {plan}.service_id "
        f"LEFT JOIN {TARIFF} {tariff} ON {tariff}.id = {plan}.tariff_id"
    )
