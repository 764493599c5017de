"""``manage.py export_readings --provider CODE --month YYYY-MM [--output FILE]``:
a provider's meter readings of a month as CSV (see docs/formats.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.directory.models import Provider
from plugins.billing import readings
from plugins.billing.months import parse_month


def month_argument(text):
    """``YYYY-MM`` as the first day of the month."""
    try:
        return parse_month(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


class Command(BaseCommand):
    help = (
        "Write the latest reading of each of a provider's meters in a month as "
        "CSV, to a file or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provider", required=True, help="the provider's code, e.g. PVK"
        )
        parser.add_argument("--month", required=True, help="the month, YYYY-MM")
        parser.add_argument("--output", type=Path, help="file to write; default stdout")

    def handle(self, *args, provider, month, output, **options):
        found = Provider.objects.filter(code=provider).first()
        if found is None:
            raise CommandError(
                _("No provider has the code %(code)s.") % {"code": provider}
            )

        lines = readings.export_readings(found, month_argument(month))
        if output is None:
            for line in lines:
                self.stdout.write(line, ending="")
            return

        count = -1  # the header is no reading
        with Path(output).open("w", encoding="utf-8") as file:
            for line in lines:
                file.write(line)
                count += 1
        self.stderr.write(
            _("%(count)d readings written to %(file)s.")
            % {"count": count, "file": output}
        )
