import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.core.restore import RestoreError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup`: its database into an EMPTY "
        "database, its files into the media and private folders."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar written by `manage.py backup`.")
        parser.add_argument(
            "--database-url",
            required=True,
            help="The empty database to restore into, e.g. "
            "postgres://portal@db:5432/portal_restored; a password in it is "
            "handed to pg_restore in its environment only.",
        )
        parser.add_argument(
            "--media-root",
            default=str(settings.MEDIA_ROOT),
            help="Folder for the media files (default: MEDIA_ROOT).",
        )
        parser.add_argument(
            "--private-root",
            default=str(settings.PRIVATE_MEDIA_ROOT),
            help="Folder for the private files (default: PRIVATE_MEDIA_ROOT).",
        )

    def handle(self, *args, archive, database_url, media_root, private_root, **options):
        database = dj_database_url.parse(database_url)
        roots = {"media": media_root, "private": private_root}
        try:
            report = restore_backup(archive, database, roots)
        except (RestoreError, FileNotFoundError) as error:
            raise CommandError(f"Restore stopped: {error}") from None

        self.stdout.write(
            f"Restored into database {database['NAME']}: {report.tables} tables, "
            f"{report.files} files."
        )
        if report.mismatched_tables:
            raise CommandError(
                "The rows of these tables differ from the backup's manifest: "
                + ", ".join(report.mismatched_tables)
            )
        self.stdout.write(
            "Every table has the rows the manifest counted. Run "
            "`manage.py search_reindex` against the restored portal."
        )
