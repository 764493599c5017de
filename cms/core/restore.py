"""Putting a backup (cms/core/backup.py) back: the database into an empty
one, the files into their folders.

Only an empty database is accepted: restoring over a portal's tables would
mix two moments of the city, or fail half-way. pg_restore runs in a single
transaction, so a failure leaves the database as empty as it was. Every
member is checked against the manifest's checksum before it is used, and the
restored tables' rows against its counts after.
"""

import hashlib
import json
import logging
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cms.core import postgres_tools
from cms.core.backup import (
    CHUNK_BYTES,
    DUMP_NAME,
    FILE_ROOTS,
    MANIFEST_NAME,
    file_sha256,
    table_row_counts,
)

logger = logging.getLogger(__name__)


class RestoreError(Exception):
    """The restore did not start or did not finish; the message says why."""


@dataclass
class RestoreReport:
    tables: int = 0
    files: int = 0
    mismatched_tables: list = field(default_factory=list)


def restore_backup(archive_path, database, roots):
    """Restore the archive into ``database`` (Django's settings of an empty
    database) and its files into ``roots`` ({"media": folder, "private":
    folder})."""
    with tarfile.open(archive_path) as archive:
        manifest = read_manifest(archive)
        major = check_empty_database(database)
        check_server_version(manifest, major)
        pg_restore = find_pg_restore(major)

        with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
            dump = extract_checked(archive, DUMP_NAME, manifest, Path(work))
            restore_database(pg_restore, dump, database)
        files = restore_files(archive, manifest, roots)

    report = RestoreReport(tables=len(manifest["database"]["tables"]), files=files)
    report.mismatched_tables = compare_row_counts(database, manifest)
    logger.info(
        "backup restored into database %s: %d tables, %d files",
        database["NAME"],
        report.tables,
        report.files,
    )
    return report


def read_manifest(archive):
    try:
        stream = archive.extractfile(MANIFEST_NAME)
    except KeyError:
        raise RestoreError(
            f"The archive has no {MANIFEST_NAME}: it is not a portal backup."
        ) from None
    return json.load(stream)


def check_empty_database(database):
    """Refuse a database holding any table; return its server's major version."""
    with postgres_tools.connect(database) as connection:
        tables = connection.execute(
            """
            SELECT count(*)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_%'
            """
        ).fetchone()[0]
        major = postgres_tools.server_major_version(connection)
    if tables:
        raise RestoreError(
            f"The database {database['NAME']} is not empty ({tables} tables, "
            "views or sequences): a backup is restored only into an empty "
            "database. Create a new one (createdb) and name it instead."
        )
    return major


def check_server_version(manifest, major):
    """Refuse a server older than the pg_dump that wrote the dump: its own
    pg_restore could not read it."""
    dumped_by = int(manifest["database"]["pg_dump"])
    if major < dumped_by:
        raise RestoreError(
            f"The backup was made by pg_dump of PostgreSQL {dumped_by}; the "
            f"target server is PostgreSQL {major}. Restore it into a server of "
            f"version {dumped_by} or newer."
        )


def find_pg_restore(major):
    try:
        return postgres_tools.find_tool("pg_restore", major)
    except postgres_tools.ToolMissingError as error:
        raise RestoreError(str(error)) from None


def extract_checked(archive, name, manifest, folder):
    """Extract member ``name`` into ``folder`` after checking its checksum."""
    member = archive.getmember(name)
    target = folder / PurePosixPath(name).name
    with archive.extractfile(member) as source, open(target, "wb") as copy:
        digest = hashlib.sha256()
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
            copy.write(chunk)
    if digest.hexdigest() != manifest["checksums"].get(name):
        raise RestoreError(
            f"{name} in the archive does not match its checksum: the archive "
            "is damaged."
        )
    return target


def restore_database(pg_restore, dump, database):
    try:
        postgres_tools.run_tool(
            pg_restore,
            [
                "--no-password",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(dump),
            ],
            database,
        )
    except postgres_tools.ToolFailedError as error:
        raise RestoreError(str(error)) from None


def restore_files(archive, manifest, roots):
    """Put every file back under its root; return how many."""
    restored = 0
    for member in archive.getmembers():
        folder, _, name = member.name.partition("/")
        if folder not in FILE_ROOTS or not member.isfile():
            continue
        root = Path(roots[folder])
        root.mkdir(parents=True, exist_ok=True)
        # The "data" filter refuses names leading outside the root, links and
        # special files, whatever the archive holds.
        archive.extract(member.replace(name=name), root, filter="data")
        check_file(root / name, member.name, manifest)
        restored += 1
    return restored


def check_file(path, name, manifest):
    if file_sha256(path) != manifest["checksums"].get(name):
        raise RestoreError(
            f"{name} does not match its checksum: the archive is damaged."
        )


def compare_row_counts(database, manifest):
    """The tables whose rows differ from the manifest's counts."""
    with postgres_tools.connect(database) as connection:
        restored = table_row_counts(connection)
    expected = manifest["database"]["tables"]
    return sorted(
        name
        for name in set(expected) | set(restored)
        if expected.get(name) != restored.get(name)
    )
