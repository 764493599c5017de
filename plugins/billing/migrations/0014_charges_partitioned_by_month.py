"""Charges move into one partition per month (see ``billing.partitions``).

PostgreSQL wants the month in every unique key of a partitioned table, so the
primary key becomes (id, period); ids still come from one sequence and stay
unique. No other table can then reference a charge by its id alone: the
dispute keeps its charge without a foreign key, and a trigger on the charges
lets go of a deleted charge's disputes as the foreign key's SET NULL did in
Django.

The migration makes the default partition, the months the charges already
have and the next twelve, and copies the charges across in one statement.
"""

from datetime import date

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

OLD = "billing_charge_unpartitioned"

# The names the unpartitioned table gave its keys and indexes, kept so that
# later migrations find them where Django left them.
KEYS = """
ALTER TABLE billing_charge ADD CONSTRAINT billing_charge_pkey PRIMARY KEY (id, period);
ALTER TABLE billing_charge ADD CONSTRAINT charge_unique_month
    UNIQUE (account_id, service_id, period);
CREATE INDEX billing_cha_period_030708_idx ON billing_charge (period);
CREATE INDEX billing_charge_tariff_id_0e8078de ON billing_charge (tariff_id);
ALTER TABLE billing_charge ADD CONSTRAINT billing_charge_account_id_c4951418_fk_billing_p
    FOREIGN KEY (account_id) REFERENCES billing_personalaccount (id)
    DEFERRABLE INITIALLY DEFERRED;
"""

PLAIN_KEYS = KEYS.replace("PRIMARY KEY (id, period)", "PRIMARY KEY (id)")

# A statement's deleted charges, read once, whatever deleted them.
LET_GO = """
CREATE FUNCTION billing_charge_lets_go_of_disputes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE billing_chargedispute SET charge_id = NULL
    WHERE charge_id IN (SELECT id FROM gone);
    RETURN NULL;
END
$$;
CREATE TRIGGER billing_charge_lets_go_of_disputes
    AFTER DELETE ON billing_charge REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION billing_charge_lets_go_of_disputes();
"""

HOLD_ON = """
DROP TRIGGER billing_charge_lets_go_of_disputes ON billing_charge;
DROP FUNCTION billing_charge_lets_go_of_disputes();
"""


# What billing.partitions did when this migration was written, kept here so
# that a later change there cannot change what this migration does.
MONTHS_AHEAD = 12


def next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def create_month(cursor, month):
    name = f"billing_charge_{month:%Y_%m}"
    start, end = month, next_month(month)
    cursor.execute(
        f"CREATE TABLE {name} "
        "(LIKE billing_charge INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    cursor.execute(
        f"ALTER TABLE {name} ADD CONSTRAINT {name}_bounds "
        "CHECK (period >= %s AND period < %s)",
        [start, end],
    )
    cursor.execute(
        f"ALTER TABLE billing_charge ATTACH PARTITION {name} "
        "FOR VALUES FROM (%s) TO (%s)",
        [start, end],
    )


def months_ahead(today):
    months = [today.replace(day=1)]
    for _ in range(MONTHS_AHEAD):
        months.append(next_month(months[-1]))
    return months


def set_aside(cursor, kept_as):
    """Rename the charge table and its indexes, freeing their names."""
    cursor.execute(f"ALTER TABLE billing_charge RENAME TO {kept_as}")
    cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [kept_as])
    for (name,) in cursor.fetchall():
        cursor.execute(f"ALTER INDEX {name} RENAME TO {name}_old")


def copy_across(cursor, old):
    cursor.execute(f"INSERT INTO billing_charge SELECT * FROM {old}")
    cursor.execute(f"DROP TABLE {old}")
    # The new identity continues from the old one's last id, under its name.
    cursor.execute(
        "SELECT pg_get_serial_sequence('billing_charge', 'id'), "
        "setval(pg_get_serial_sequence('billing_charge', 'id'), "
        "coalesce((SELECT max(id) FROM billing_charge), 0) + 1, false)"
    )
    sequence = cursor.fetchone()[0]
    if sequence != "public.billing_charge_id_seq":
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO billing_charge_id_seq")


def partition(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        set_aside(cursor, OLD)
        cursor.execute(
            f"CREATE TABLE billing_charge (LIKE {OLD} INCLUDING DEFAULTS "
            "INCLUDING CONSTRAINTS INCLUDING IDENTITY) PARTITION BY RANGE (period)"
        )
        cursor.execute(KEYS)
        cursor.execute(
            "CREATE TABLE billing_charge_default PARTITION OF billing_charge DEFAULT"
        )
        cursor.execute(f"SELECT DISTINCT date_trunc('month', period)::date FROM {OLD}")
        months = {month for (month,) in cursor.fetchall()}
        months.update(months_ahead(timezone.localdate()))
        for month in sorted(months):
            create_month(cursor, month)
        copy_across(cursor, OLD)
        cursor.execute(LET_GO)


def unpartition(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(HOLD_ON)
        set_aside(cursor, "billing_charge_partitioned")
        cursor.execute(
            "CREATE TABLE billing_charge (LIKE billing_charge_partitioned "
            "INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY)"
        )
        cursor.execute(PLAIN_KEYS)
        copy_across(cursor, "billing_charge_partitioned")


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0013_subsidy_grant"),
    ]

    operations = [
        migrations.AlterField(
            model_name="chargedispute",
            name="charge",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="disputes",
                to="billing.charge",
                verbose_name="charge",
            ),
        ),
        migrations.RunPython(partition, unpartition),
    ]
