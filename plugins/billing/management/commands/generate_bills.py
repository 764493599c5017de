"""``manage.py generate_bills --month YYYY-MM``: make and store the bill of
every dwelling charged in a month, as background tasks, and follow their
progress (see docs/operations.md)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plugins.billing import bill_runs
from plugins.billing.choices import BillRunStatus
from plugins.billing.models import BillRun
from plugins.billing.months import parse_month


class Command(BaseCommand):
    help = (
        "Start a month-end bill run: every dwelling charged in the month gets "
        "its bill made and stored by the task workers. Prints the progress "
        "until the run finishes, unless --no-wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="the month, YYYY-MM")
        parser.add_argument(
            "--chunk",
            type=int,
            default=bill_runs.CHUNK_SIZE,
            help="dwellings per task (default %(default)s)",
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="return once the tasks are queued",
        )
        parser.add_argument(
            "--every", type=float, default=5.0, help="seconds between progress lines"
        )

    def handle(self, *args, month, chunk, no_wait, every, **options):
        try:
            period = parse_month(month)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if chunk < 1:
            raise CommandError(_("A chunk holds at least one dwelling."))

        run = bill_runs.start_run(period, None, chunk_size=chunk)
        self.progress(run)
        while not no_wait and run.status == BillRunStatus.RUNNING:
            time.sleep(every)
            run = BillRun.objects.get(pk=run.pk)
            self.progress(run)

    def progress(self, run):
        self.stdout.write(
            _(
                "Bill run %(id)s for %(month)s: %(done)d of %(total)d bills made, "
                "%(failed)d failed, %(status)s."
            )
            % {
                "id": run.pk,
                "month": f"{run.month:%Y-%m}",
                "done": run.done,
                "total": run.total,
                "failed": run.failed,
                "status": run.get_status_display(),
            }
        )
