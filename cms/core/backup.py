"""One archive holding everything a portal on one machine keeps: its
database, its media and its private files, with a manifest to check them by.

The archive is a plain tar:

``manifest.json``
    when it was made, the database's name (never its address or password),
    the server's and pg_dump's versions, the rows of every table, the number
    and bytes of the files, and a SHA-256 of every member.
``database.dump``
    ``pg_dump --format=custom`` of the database, read back by
    ``manage.py restore`` (cms/core/restore.py).
``media/``, ``private/``
    the files of MEDIA_ROOT and PRIVATE_MEDIA_ROOT.

The row counts and the dump see the same moment: pg_dump runs in a snapshot
exported by the transaction that counted. The archive is written under a
temporary name and renamed only once complete, so a failed backup leaves no
archive that looks whole.
"""

import hashlib
import json
import logging
import os
import tarfile
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone
from psycopg import IsolationLevel, sql

from cms.core import postgres_tools

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.dump"
FORMAT_VERSION = 1

#: The archive's folder of each kind of file, and the setting naming its root.
FILE_ROOTS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}

CHUNK_BYTES = 1024 * 1024


class BackupError(Exception):
    """The backup could not be made; nothing was left behind."""


def files_are_in_buckets():
    """Whether the portal keeps its files in buckets rather than the folders."""
    default = storages.create_storage(settings.STORAGES["default"])
    return not isinstance(default, FileSystemStorage)


def create_backup(folder, database_alias="default"):
    """Write the archive into ``folder``; return its path and manifest."""
    started = time.monotonic()
    database = connections[database_alias].settings_dict
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    archive = folder / archive_name(database["NAME"])
    partial = archive.with_name(f".{archive.name}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as work:
            dump = Path(work) / DUMP_NAME
            database_part = dump_database(database, dump)
            files = collect_files()
            manifest = build_manifest(database_part, dump, files)
            write_archive(partial, dump, files, manifest)
        os.replace(partial, archive)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise

    logger.info(
        "backup written to %s: %d bytes in %.1f s",
        archive,
        archive.stat().st_size,
        time.monotonic() - started,
    )
    return archive, manifest


def archive_name(database_name):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"portal-{database_name}-{stamp}.tar"


def dump_database(database, dump):
    """Dump ``database`` into the file ``dump``; return what the manifest
    says of it."""
    with exported_snapshot(database) as (snapshot, connection):
        major = postgres_tools.server_major_version(connection)
        try:
            pg_dump = postgres_tools.find_tool("pg_dump", major)
            postgres_tools.run_tool(
                pg_dump,
                [
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                database,
            )
        except (
            postgres_tools.ToolMissingError,
            postgres_tools.ToolFailedError,
        ) as error:
            raise BackupError(str(error)) from None
        return {
            "name": database["NAME"],
            "server_version": connection.info.parameter_status("server_version"),
            "pg_dump": str(postgres_tools.tool_version(pg_dump)),
            "tables": table_row_counts(connection),
        }


@contextmanager
def exported_snapshot(database):
    """A read-only transaction's snapshot, for pg_dump to see what it saw."""
    with postgres_tools.connect(database) as connection:
        connection.isolation_level = IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        yield snapshot, connection
        connection.rollback()


def table_row_counts(connection):
    """Rows of every table holding rows (partitions, not their parents), by
    «schema.table»."""
    return {
        f"{schema}.{table}": count_rows(connection, schema, table)
        for schema, table in user_tables(connection)
    }


def user_tables(connection):
    return connection.execute(
        """
        SELECT n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r'
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1, 2
        """
    ).fetchall()


def count_rows(connection, schema, table):
    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
    return connection.execute(query).fetchone()[0]


def collect_files():
    """Every file under the two roots: its archive name, path, size, checksum."""
    if files_are_in_buckets():
        # TODO: files in MEDIA_BUCKET and PRIVATE_BUCKET are not copied: a
        # bucket can hold more than one machine's disk, and its own versioning
        # or replication keeps it more safely than a copy taken here.
        return []
    files = []
    for folder, setting in FILE_ROOTS.items():
        root = Path(getattr(settings, setting))
        files += [
            {
                "name": f"{folder}/{path.relative_to(root).as_posix()}",
                "path": path,
                "bytes": path.stat().st_size,
                "sha256": file_sha256(path),
            }
            for path in sorted(regular_files(root))
        ]
    return files


def regular_files(root):
    if not root.is_dir():
        return []
    return [
        path for path in root.rglob("*") if path.is_file() and not path.is_symlink()
    ]


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def build_manifest(database_part, dump, files):
    return {
        "format": FORMAT_VERSION,
        "created_at": timezone.localtime().isoformat(),
        "database": {
            **database_part,
            "file": DUMP_NAME,
            "bytes": dump.stat().st_size,
        },
        "files": files_summary(files),
        "files_in_buckets": files_are_in_buckets(),
        "checksums": {
            DUMP_NAME: file_sha256(dump),
            **{entry["name"]: entry["sha256"] for entry in files},
        },
    }


def files_summary(files):
    """The number and bytes of the files of each kind."""
    summary = {folder: {"count": 0, "bytes": 0} for folder in FILE_ROOTS}
    for entry in files:
        kind = summary[entry["name"].split("/", 1)[0]]
        kind["count"] += 1
        kind["bytes"] += entry["bytes"]
    return summary


def write_archive(path, dump, files, manifest):
    # The archive holds residents' data: only its owner may read it.
    path.touch(mode=0o600)
    with tarfile.open(path, "w") as archive:
        add_bytes(archive, MANIFEST_NAME, json.dumps(manifest, indent=2).encode())
        archive.add(dump, arcname=DUMP_NAME, recursive=False)
        for entry in files:
            archive.add(entry["path"], arcname=entry["name"], recursive=False)


def add_bytes(archive, name, content):
    member = tarfile.TarInfo(name)
    member.size = len(content)
    member.mtime = int(time.time())
    member.mode = 0o600
    with tempfile.SpooledTemporaryFile() as stream:
        stream.write(content)
        stream.seek(0)
        archive.addfile(member, stream)
