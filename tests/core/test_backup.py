"""A backup holds the whole portal of one machine, and restoring it into an
empty database gives back the same tables, rows, pages and files; a backup
that cannot be made leaves nothing behind, and a restore never writes over a
database in use."""

import json
import tarfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from cms.core import backup, postgres_tools
from cms.core import restore as restore_module
from cms.core.storage import private_storage
from plugins.billing.models import Charge
from tests.billing.conftest import billed_dwelling, resident  # noqa: F401
from tests.cms.conftest import home_page, make_news, news_index  # noqa: F401

# Committed, for pg_dump's own connection to see the rows. Not a serialized
# rollback: after another test has emptied the database, the forum's
# post_migrate rows would be there twice.
pytestmark = pytest.mark.django_db(transaction=True)

SCAN = b"%PDF-1.4 income statement of the household\n" * 50
PHOTO = b"\x89PNG\r\n\x1a\n not quite a picture"


@pytest.fixture(autouse=True)
def wagtail_root(settings):
    """Wagtail's default locale and root page, which the migrations make and
    a test that empties the database takes away; the news fixtures build
    under them."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


@pytest.fixture
def portal_data(folders, billed_dwelling, make_news):  # noqa: F811
    page = make_news("Відключення води на вул. Соборній")
    private_name = private_storage().save("subsidies/scan.pdf", ContentFile(SCAN))
    media_name = default_storage.save("images/tap.png", ContentFile(PHOTO))
    return {"page": page, "private": private_name, "media": media_name}


@pytest.fixture
def empty_database():
    """A new database on the test database's server, dropped at the end."""
    source = connection.settings_dict
    name = f"{source['NAME']}_restored"
    with admin_connection(source) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield {**source, "NAME": name}
    with admin_connection(source) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def admin_connection(database):
    return postgres_tools.connect(database, autocommit=True)


def database_url(database):
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{database['USER']}{password}@{host}:{port}/{database['NAME']}"


def restore(archive, database, folders):
    call_command(
        "restore",
        str(archive),
        database_url=database_url(database),
        media_root=str(folders / "restored-media"),
        private_root=str(folders / "restored-private"),
    )


def row_counts(database):
    with postgres_tools.connect(database) as conn:
        return backup.table_row_counts(conn)


def only_archive(folder):
    return list(folder.iterdir())


def test_a_restored_backup_gives_back_every_row_page_and_file(
    portal_data, folders, empty_database
):
    call_command("backup", to=str(folders / "backups"))
    [archive] = only_archive(folders / "backups")

    restore(archive, empty_database, folders)

    source = connection.settings_dict
    assert row_counts(empty_database) == row_counts(source)

    with postgres_tools.connect(empty_database) as restored:
        charges = restored.execute("SELECT count(*) FROM billing_charge").fetchone()
        november_water = restored.execute(
            """
            SELECT c.charged, c.benefit, c.paid, c.closing_balance, c.volume
            FROM billing_charge c JOIN directory_service s ON s.id = c.service_id
            WHERE s.code = 'water_supply' AND c.period = '2026-11-01'
            """
        ).fetchone()
        page = restored.execute(
            """
            SELECT p.title, n.body FROM wagtailcore_page p
            JOIN news_newspage n ON n.page_ptr_id = p.id WHERE p.id = %s
            """,
            [portal_data["page"].pk],
        ).fetchone()
    assert charges == (4,)
    charge = Charge.objects.get(service__code="water_supply", period="2026-11-01")
    assert november_water == (
        Decimal("1000.03"),
        Decimal("0.03"),
        Decimal("100.00"),
        charge.closing_balance,
        Decimal("34.422"),
    )
    assert page == (
        "Відключення води на вул. Соборній",
        "<p>Відключення води на вул. Соборній</p>",
    )

    restored_scan = folders / "restored-private" / portal_data["private"]
    restored_photo = folders / "restored-media" / portal_data["media"]
    assert restored_scan.read_bytes() == SCAN
    assert restored_photo.read_bytes() == PHOTO


def test_the_manifest_names_the_database_counts_and_files_without_secrets(
    portal_data, folders
):
    call_command("backup", to=str(folders / "backups"))
    [archive] = only_archive(folders / "backups")

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))

    assert names == {
        "manifest.json",
        "database.dump",
        f"media/{portal_data['media']}",
        f"private/{portal_data['private']}",
    }
    assert manifest["database"]["name"] == connection.settings_dict["NAME"]
    charge_rows = [
        rows
        for table, rows in manifest["database"]["tables"].items()
        if table.startswith("public.billing_charge")
    ]
    assert sum(charge_rows) == 4
    assert manifest["files"]["private"] == {"count": 1, "bytes": len(SCAN)}
    assert manifest["files"]["media"] == {"count": 1, "bytes": len(PHOTO)}
    assert set(manifest["checksums"]) == names - {"manifest.json"}
    text = json.dumps(manifest)
    assert "127.0.0.1" not in text and "postgres://" not in text
    assert archive.stat().st_mode & 0o077 == 0


def test_a_database_in_use_is_never_restored_over(portal_data, folders):
    call_command("backup", to=str(folders / "backups"))
    [archive] = only_archive(folders / "backups")
    before = row_counts(connection.settings_dict)

    with pytest.raises(CommandError, match="is not empty"):
        restore(archive, connection.settings_dict, folders)

    assert row_counts(connection.settings_dict) == before
    assert not (folders / "restored-private").exists()


def test_a_server_older_than_the_dump_is_refused(portal_data, folders, monkeypatch):
    call_command("backup", to=str(folders / "backups"))
    [archive] = only_archive(folders / "backups")
    # An empty database on a PostgreSQL 9 server.
    monkeypatch.setattr(restore_module, "check_empty_database", lambda database: 9)

    with pytest.raises(CommandError, match="server of version"):
        restore(archive, connection.settings_dict, folders)

    assert not (folders / "restored-private").exists()


def test_without_a_matching_pg_dump_no_archive_is_left(folders, monkeypatch):
    monkeypatch.setattr(postgres_tools, "tool_folders", lambda: [folders])

    with pytest.raises(CommandError, match="No pg_dump of PostgreSQL"):
        call_command("backup", to=str(folders / "backups"))

    assert only_archive(folders / "backups") == []


def test_a_failing_pg_dump_leaves_no_archive_and_says_why(folders, monkeypatch):
    failing = folders / "bin" / "pg_dump"
    failing.parent.mkdir()
    with postgres_tools.connect(connection.settings_dict) as conn:
        major = postgres_tools.server_major_version(conn)
    failing.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --version ] && echo "pg_dump (PostgreSQL) {major}.0" && exit 0\n'
        'echo "pg_dump: error: query failed: permission denied" >&2\nexit 1\n'
    )
    failing.chmod(0o755)
    monkeypatch.setattr(postgres_tools, "tool_folders", lambda: [failing.parent])

    with pytest.raises(CommandError, match="permission denied"):
        call_command("backup", to=str(folders / "backups"))

    assert only_archive(folders / "backups") == []


def test_the_password_reaches_pg_dump_only_in_its_environment(monkeypatch):
    database = {
        "NAME": "portal",
        "USER": "portal",
        "PASSWORD": "s3cret-Pass",
        "HOST": "127.0.0.1",
        "PORT": 5432,
    }
    ran = {}

    def run(command, env, **kwargs):
        ran.update(command=command, env=env)
        return finished_run()

    monkeypatch.setattr(postgres_tools.subprocess, "run", run)

    postgres_tools.run_tool(
        postgres_tools.Path("/usr/bin/pg_dump"), ["--format=custom"], database
    )

    assert "s3cret-Pass" not in " ".join(ran["command"])
    assert ran["env"]["PGPASSWORD"] == "s3cret-Pass"
    assert ran["env"]["PGDATABASE"] == "portal"


def finished_run():
    class Finished:
        returncode = 0
        stderr = ""

    return Finished()


def test_the_server_s_own_pg_dump_version_is_chosen():
    with postgres_tools.connect(connection.settings_dict) as conn:
        major = postgres_tools.server_major_version(conn)

    found = postgres_tools.find_tool("pg_dump", major)

    assert postgres_tools.tool_version(found) == major


def test_the_embedded_server_s_programs_are_those_of_its_wheel():
    folder = postgres_tools.embedded_tool_folder()

    assert folder in postgres_tools.tool_folders()
    assert postgres_tools.tool_version(folder / "pg_dump") == 18
    assert postgres_tools.tool_version(folder / "pg_restore") == 18


def test_with_buckets_the_command_says_the_files_are_not_in_the_archive(
    folders, monkeypatch, capsys
):
    monkeypatch.setattr(backup, "files_are_in_buckets", lambda: True)
    from cms.core.management.commands import backup as command

    monkeypatch.setattr(command, "files_are_in_buckets", lambda: True)

    call_command("backup", to=str(folders / "backups"))
    [archive] = only_archive(folders / "backups")

    assert "database only" in capsys.readouterr().err
    with tarfile.open(archive) as tar:
        assert set(tar.getnames()) == {"manifest.json", "database.dump"}
        assert json.load(tar.extractfile("manifest.json"))["files_in_buckets"]
