"""A PostgreSQL cluster of a test's own, in a temporary folder, to stop and
start again: the machine's server is never touched.

The cluster listens on 127.0.0.1 at the first free port of PORTS, with no
password (``trust``) and fsync off: it lives for one test. PostgreSQL refuses
to run as root, so under root its programs run as ``nobody``.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")
PROGRAMS = ("initdb", "pg_ctl", "createdb")

#: The ports these tests may take; the machine's server keeps 5432.
PORTS = range(55433, 55440)

NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")


def skip_unless_available():
    missing = [name for name in PROGRAMS if not (BIN / name).exists()]
    if missing:
        pytest.skip(f"PostgreSQL 15's {', '.join(missing)} not found in {BIN}")
    if os.geteuid() == 0 and shutil.which(NOBODY[0]) is None:
        pytest.skip("running as root, and setpriv is missing to run PostgreSQL")


def free_port(candidates):
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port for a throwaway cluster in {candidates}")


class ThrowawayCluster:
    def __init__(self):
        skip_unless_available()
        self.folder = Path(tempfile.mkdtemp(prefix="portal-outage-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = free_port(PORTS)
        if os.geteuid() == 0:
            os.chown(self.folder, 65534, 65534)

    def run(self, program, *args):
        prefix = NOBODY if os.geteuid() == 0 else ()
        return subprocess.run(
            [*prefix, str(BIN / program), *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def create(self):
        self.run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        self.start()

    def start(self):
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off"
        )
        self.run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log),
            "-w", "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self, name):
        self.run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
