"""``manage.py charge_partitions [--ahead N]``: make the charges' monthly
partitions for this month and the next N, and give a partition of its own to
every month whose charges wait in the default partition. Run it monthly (see
docs/operations.md); it changes nothing when there is nothing to do."""

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from plugins.billing import partitions


class Command(BaseCommand):
    help = (
        "Make the charge table's monthly partitions ahead of time, and move "
        "charges kept in the default partition into their month's own."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ahead",
            type=int,
            default=partitions.AHEAD,
            help=f"months after this one to prepare (default {partitions.AHEAD})",
        )

    def handle(self, *args, ahead, **options):
        with connection.cursor() as cursor:
            waiting = partitions.months_in_default(cursor)
        wanted = set(partitions.months_ahead(timezone.localdate(), ahead)) | waiting

        made = partitions.ensure_months(wanted)

        for month in made:
            self.stdout.write(f"{month:%Y-%m}: partition made")
        left = waiting - set(made) - self.existing()
        if left:
            months = ", ".join(f"{month:%Y-%m}" for month in sorted(left))
            self.stderr.write(f"still in the default partition: {months}")
        self.stdout.write(f"{len(made)} partitions made")

    def existing(self):
        with connection.cursor() as cursor:
            return partitions.existing_months(cursor)
