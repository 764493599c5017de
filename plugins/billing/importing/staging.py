"""The staging tables an import fills with COPY and checks with SQL.

``STAGING`` holds the file's records as text, ``ROWS`` the records whose every
value is good, typed as the charge table types them, and ``ERRORS`` every
problem the checks find, by line and by the field's place in the row. They
are temporary tables of the import's own session, created anew for each file
and dropped after it, so two imports never see each other's rows.
"""

import logging
from itertools import islice

from django.conf import settings
from django.db import DatabaseError, transaction

from plugins.billing.importing import fields
from plugins.billing.importing.rows import COLUMNS

logger = logging.getLogger(__name__)

STAGING = "billing_import_staging"
ROWS = "billing_import_rows"
ERRORS = "billing_import_errors"

# Rows sent in one COPY: progress is reported between two of them.
BATCH = 50_000


def create_tables(cursor):
    drop_tables(cursor)
    tune_session(cursor)
    columns = ", ".join(f"{name} text" for name in COLUMNS)
    # ``good``: the reader found every value of the record good already.
    cursor.execute(
        f"CREATE TEMP TABLE {STAGING} (line integer NOT NULL, {columns}, "
        f"good boolean NOT NULL, {typed_columns()})"
    )
    cursor.execute(
        f"CREATE TEMP TABLE {ERRORS} (line integer NOT NULL, position integer NOT NULL, "
        "field text NOT NULL, code text NOT NULL, detail text)"
    )


def tune_session(cursor):
    """Give this session the memory a city's file needs: its temporary tables
    in memory rather than in files, and its groupings and sorts in memory
    rather than on disk; and no compiling of its statements. PostgreSQL takes the temporary buffers only before
    the session's first temporary table; a later import in the same session
    keeps what the first one set."""
    cursor.execute("SET work_mem = %s", [settings.BILLING_IMPORT_WORK_MEM])
    # Compiled, the insert of a city's million charges ran slower, not faster.
    cursor.execute("SET jit = off")
    cursor.execute(
        "SELECT count(*) FROM pg_class WHERE relpersistence = 't' AND relnamespace = pg_my_temp_schema()"
    )
    if not cursor.fetchone()[0]:
        try:
            with transaction.atomic():
                cursor.execute(
                    "SET temp_buffers = %s", [settings.BILLING_IMPORT_TEMP_BUFFERS]
                )
        except DatabaseError:
            logger.info("this session's temporary buffers were set before; kept")


def create_table(cursor, name, select, params=None, joined=True):
    """A temporary table of ``select``'s rows. One that later statements join
    gets the statistics the planner needs: autovacuum never analyses
    temporary tables, and without them a join of a million rows is planned as
    if each side had a few hundred."""
    cursor.execute(f"CREATE TEMP TABLE {name} AS {select}", params)
    if joined:
        cursor.execute(f"ANALYZE {name}")


def drop_tables(cursor):
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}, {ROWS}, {ERRORS}")


def copy_rows(cursor, rows, progress):
    """Send ``rows`` to the staging table; ``progress(count)`` after each
    batch. Returns the number of rows staged. Rows go to COPY as they are
    read, none kept: a million rows held at once would cost the memory of the
    whole file again, and the garbage collector's time walking them."""
    staged = 0
    while True:
        before = staged
        with cursor.copy(copy_statement()) as copy:
            lines = []
            for row in islice(rows, BATCH):
                # Rows may reach the table in another order than read: each
                # carries its line.
                if type(row) is str:
                    lines.append(row)
                else:
                    copy.write_row(row)
                staged += 1
            copy.write("".join(lines))
        if staged == before:
            return staged
        progress(staged)


def copy_statement():
    return f"COPY {STAGING} (line, {', '.join(COLUMNS)}, good) FROM STDIN"


def check_fields(cursor, layout):
    """Record every value that breaks its field's rule: one pass over the
    records the reader could not vouch for, each record's codes gathered in an
    array that is unfolded into errors only when it holds one."""
    codes = ", ".join(
        fields.check_sql(name, "s." + name, layout.decimal_mark) for name in COLUMNS
    )
    cursor.execute(
        f"INSERT INTO {ERRORS} (line, position, field, code) "
        "SELECT c.line, f.position, f.field, f.code "
        # OFFSET 0 keeps the codes of a record computed once, not once for the
        # filter and again for the unfolding.
        f"FROM (SELECT s.line, ARRAY[{codes}]::text[] AS codes FROM {STAGING} s "
        "WHERE NOT s.good OFFSET 0) c "
        "CROSS JOIN LATERAL unnest(c.codes, %(positions)s::integer[], %(names)s::text[]) "
        "AS f(code, position, field) "
        "WHERE cardinality(array_remove(c.codes, NULL)) > 0 AND f.code IS NOT NULL",
        {
            **fields.pattern_parameters(),
            "positions": [layout.positions[name] for name in COLUMNS],
            "names": list(COLUMNS),
        },
    )


def number(name):
    return f"replace({name}, ',', '.')::numeric"


def money(name):
    # PostgreSQL rounds a numeric half away from zero: half up, in kopecks.
    return f"round({number(name)}, 2)"


def month(name):
    # make_date rather than a cast of the text, which depends on the
    # session's date style and so may not compute a stored column.
    return f"make_date(left({name}, 4)::integer, right({name}, 2)::integer, 1)"


# Field -> (its SQL type, the expression typing its checked text).
TYPED = {
    "total_area": ("numeric", number),
    "volume": ("numeric", number),
    "price": ("numeric", number),
    "persons": ("integer", lambda name: f"{name}::integer"),
    "period": ("date", month),
    **{
        name: ("numeric", money)
        for name in fields.NUMERIC_FIELDS
        if fields.RULES[name].kind == "money"
    },
}


def typed_columns():
    """Columns of the staging table typing a vouched record's values as COPY
    stores it. The database does this while the file is still being read,
    rather than in a pass of its own afterwards; the reader's vouching is
    what makes every cast safe."""
    return ", ".join(
        f"{name}_typed {sql_type} GENERATED ALWAYS AS "
        f"(CASE WHEN good THEN {expression(name)} END) STORED"
        for name, (sql_type, expression) in TYPED.items()
    )


def build_rows(cursor):
    """Type the records that passed every field check: a vouched one is typed
    already, another is typed here."""
    columns = ", ".join(
        f"coalesce({name}_typed, {TYPED[name][1](name)}) AS {name}"
        if name in TYPED
        else name
        for name in COLUMNS
    )
    create_table(
        cursor,
        ROWS,
        f"SELECT line, {columns} FROM {STAGING} s WHERE s.period IS NOT NULL "
        f"AND NOT EXISTS (SELECT FROM {ERRORS} e WHERE e.line = s.line)",
    )


def periods(cursor):
    """The months of the good rows, in order."""
    cursor.execute(f"SELECT DISTINCT period FROM {ROWS} ORDER BY period")
    return [period for (period,) in cursor.fetchall()]


def error_count(cursor):
    cursor.execute(f"SELECT count(*) FROM {ERRORS}")
    return cursor.fetchone()[0]


def first_errors(cursor, limit):
    """``(line, position, field, code, detail, record)`` of the first
    ``limit`` errors by line and field, ``record`` the staged text by field."""
    cursor.execute(
        "SELECT e.line, e.position, e.field, e.code, e.detail, to_jsonb(s) "
        f"FROM (SELECT * FROM {ERRORS} ORDER BY line, position LIMIT %s) e "
        f"JOIN {STAGING} s ON s.line = e.line ORDER BY e.line, e.position",
        [limit],
    )
    return cursor.fetchall()
