"""``manage.py import_billing FILE --provider CODE``: apply a monthly export."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from cms.directory.models import Provider
from plugins.billing import services


class Command(BaseCommand):
    help = (
        "Load a provider's monthly billing export (CSV, see docs/formats.md). "
        "The file is applied completely or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="path to the CSV export")
        parser.add_argument(
            "--provider", required=True, help="the provider's code, e.g. PVK"
        )

    # Operators read and grep the output in English, like the logs.
    @no_translations
    def handle(self, *args, file, provider, **options):
        provider = self.find_provider(provider)
        data = self.read(file)

        report = services.import_billing_export(provider, data, file.name)

        if report.rejected:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Import {report.record.pk} rejected: {len(report.errors)} errors in "
                f"{report.record.rows} rows; nothing was changed."
            )
        self.print_summary(report)

    def find_provider(self, code):
        try:
            return Provider.objects.get(code__iexact=code)
        except Provider.DoesNotExist:
            raise CommandError(f"No provider with the code {code!r}.") from None

    def read(self, file):
        try:
            return file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None

    def print_summary(self, report):
        result = report.result
        self.stdout.write(
            self.style.SUCCESS(
                f"Import {report.record.pk} applied: {result.rows} rows, "
                f"{result.changed} changed ({result.charges_created} charges created, "
                f"{result.charges_updated} updated; {result.accounts_created} accounts "
                f"and {result.dwellings_created} dwellings created, "
                f"{result.accounts_updated} accounts updated)."
            )
        )
