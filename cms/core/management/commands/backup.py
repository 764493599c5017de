import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.core.backup import BackupError, create_backup, files_are_in_buckets

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Write one archive (.tar) with a pg_dump of the portal's database, the "
        "files of MEDIA_ROOT and PRIVATE_MEDIA_ROOT, and a manifest; restore it "
        "with `manage.py restore` (docs/operations.md, «Backup and restore»)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            dest="folder",
            default=str(settings.BASE_DIR / "var" / "backups"),
            help="Folder the archive is written to (default: var/backups).",
        )

    def handle(self, *args, folder, **options):
        if files_are_in_buckets():
            self.stderr.write(
                "MEDIA_BUCKET and PRIVATE_BUCKET are set: the archive holds the "
                "database only. Keep the buckets' files with the buckets' own "
                "versioning or replication."
            )
        try:
            archive, manifest = create_backup(folder)
        except BackupError as error:
            raise CommandError(f"No backup was written: {error}") from None

        files = manifest["files"]
        self.stdout.write(
            f"Backup written: {archive}\n"
            f"  database {manifest['database']['name']}: "
            f"{len(manifest['database']['tables'])} tables\n"
            f"  media: {files['media']['count']} files, "
            f"{files['media']['bytes']} bytes\n"
            f"  private: {files['private']['count']} files, "
            f"{files['private']['bytes']} bytes"
        )
