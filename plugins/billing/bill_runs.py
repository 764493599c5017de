"""Month-end bills: every dwelling charged in a month gets its bill made once
and kept as a PDF, so the cabinet hands it out at once on the busy days after
month end.

A run counts the dwellings with charges in the month and hands them to
background tasks in chunks (``tasks.generate_bills``); with several workers
the chunks are made in parallel. Each dwelling's outcome is a row of its own,
and the run's counts move only when an outcome appears or changes, so a chunk
that runs again (a worker restarted, a task retried) counts nobody twice and
overwrites the same file.

The stored bill is the owners' copy, with the access codes the providers'
paper bills print; delegates are shown a bill made for them without those.
"""

import logging
from itertools import islice

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Site

from cms import audit
from plugins.billing import documents
from plugins.billing.choices import BillRunStatus
from plugins.billing.models import (
    BillRun,
    BillRunOutcome,
    Charge,
    Dwelling,
    StoredBill,
)

logger = logging.getLogger(__name__)

# Dwellings per task: large enough that a task's start costs little beside
# its bills (a bill takes about a second), small enough that progress moves
# every minute or two and a failed worker loses little.
CHUNK_SIZE = 100
ERROR_LENGTH = 500


def charged_dwellings(month):
    """Ids of the dwellings charged in ``month``, in order, read in batches."""
    return (
        Charge.objects.filter(period=month)
        .order_by("account__dwelling_id")
        .values_list("account__dwelling_id", flat=True)
        .distinct()
    )


def start_run(month, user, chunk_size=CHUNK_SIZE):
    """Start making the bills of every dwelling charged in ``month`` and return
    the run; the chunks go to the default task backend, which may have made
    them all before this returns (the immediate backend of tests and demos)."""
    from plugins.billing.tasks import generate_bills

    run = BillRun.objects.create(
        month=month, started_by=user, total=charged_dwellings(month).count()
    )
    logger.info(
        "bill run %s for %s started by user %s: %d dwellings",
        run.pk,
        f"{month:%Y-%m}",
        user.pk if user else None,
        run.total,
    )
    audit.record(
        "billing.bill_run.started",
        actor=user,
        target=run,
        month=f"{month:%Y-%m}",
        dwellings=run.total,
    )

    enqueued = 0
    for chunk in plan_chunks(run, chunk_size):
        generate_bills.enqueue(run.pk, chunk)
        enqueued += len(chunk)

    # An import between the count and the listing changes the number; the
    # run counts what it actually handed out.
    if enqueued != run.total:
        BillRun.objects.filter(pk=run.pk).update(total=enqueued)
    finish_if_complete(run.pk)
    run.refresh_from_db()
    return run


def plan_chunks(run, chunk_size=CHUNK_SIZE):
    """The run's dwelling ids as lists of at most ``chunk_size``; the ids are
    streamed from the database, never all held at once."""
    ids = charged_dwellings(run.month).iterator(chunk_size=chunk_size * 10)
    while chunk := list(islice(ids, chunk_size)):
        yield chunk


def generate_chunk(run_id, dwelling_ids):
    """Make and store the bill of each dwelling of one chunk, recording each
    outcome; a dwelling that fails is recorded and the next one goes on.
    Returns (made, failed) of this call."""
    run = BillRun.objects.get(pk=run_id)
    site = Site.objects.filter(is_default_site=True).first()
    already = set(
        BillRunOutcome.objects.filter(
            run=run, dwelling_id__in=dwelling_ids, ok=True
        ).values_list("dwelling_id", flat=True)
    )
    dwellings = Dwelling.objects.filter(pk__in=dwelling_ids).exclude(pk__in=already)

    made = failed = 0
    for dwelling in dwellings.order_by("pk"):
        try:
            store_bill(dwelling, run, site)
        except Exception as error:  # noqa: BLE001 - one bill must not stop the rest
            logger.warning(
                "bill run %s: dwelling %s failed (%s)",
                run.pk,
                dwelling.pk,
                type(error).__name__,
            )
            record_outcome(run, dwelling, ok=False, error=describe(error))
            failed += 1
        else:
            record_outcome(run, dwelling, ok=True)
            made += 1

    finish_if_complete(run.pk)
    logger.info(
        "bill run %s: chunk of %d dwellings, %d made, %d failed, %d made before",
        run.pk,
        len(dwelling_ids),
        made,
        failed,
        len(already),
    )
    return made, failed


def store_bill(dwelling, run, site):
    """Make the owners' copy of the dwelling's bill for the run's month and
    keep it; a bill kept before for that month is replaced."""
    # The owners' copy prints the access codes, as the paper bills do.
    dwelling.owned = True
    bill = documents.build_bill(dwelling, run.month, site)
    if bill is None:
        raise LookupError("No charges for this month any more.")
    content = documents.render_bill_pdf(bill)

    name = stored_name(dwelling, run.month)
    storage = StoredBill._meta.get_field("file").storage
    # A fixed name, replaced: running a chunk again leaves one file a bill.
    storage.delete(name)
    storage.save(name, ContentFile(content))
    StoredBill.objects.update_or_create(
        dwelling=dwelling,
        period=run.month,
        defaults={"file": name, "digest": documents.bill_digest(bill), "run": run},
    )


def stored_name(dwelling, month):
    return f"bills/{month:%Y-%m}/{dwelling.pk}.pdf"


def describe(error):
    """What the admin shows of a failure: its kind and message, cut short."""
    return f"{type(error).__name__}: {error}"[:ERROR_LENGTH]


def record_outcome(run, dwelling, ok, error=""):
    """Note the dwelling's outcome and move the run's counts by what changed:
    a first outcome adds one to ``done`` or ``failed``, a failure made good
    moves one from ``failed`` to ``done``, and a repeat changes nothing."""
    with transaction.atomic():
        previous = (
            BillRunOutcome.objects.select_for_update()
            .filter(run=run, dwelling=dwelling)
            .first()
        )
        if previous is None:
            try:
                with transaction.atomic():
                    BillRunOutcome.objects.create(
                        run=run, dwelling=dwelling, ok=ok, error=error
                    )
            except IntegrityError:
                # The same chunk runs in another worker and recorded it first.
                return
            counter = "done" if ok else "failed"
            BillRun.objects.filter(pk=run.pk).update(**{counter: F(counter) + 1})
            return

        BillRunOutcome.objects.filter(pk=previous.pk).update(ok=ok, error=error)
        if ok and not previous.ok:
            BillRun.objects.filter(pk=run.pk).update(
                done=F("done") + 1, failed=F("failed") - 1
            )


def finish_if_complete(run_id):
    """Mark the run finished once every dwelling has an outcome; only the one
    worker whose update does it logs the end."""
    finished = BillRun.objects.filter(
        pk=run_id,
        status=BillRunStatus.RUNNING,
        total__lte=F("done") + F("failed"),
    ).update(status=BillRunStatus.FINISHED, finished_at=timezone.now())
    if finished:
        run = BillRun.objects.get(pk=run_id)
        logger.info(
            "bill run %s for %s finished: %d of %d made, %d failed in %.1f s",
            run.pk,
            f"{run.month:%Y-%m}",
            run.done,
            run.total,
            run.failed,
            (run.finished_at - run.started_at).total_seconds(),
        )


def stored_bill(dwelling, bill):
    """The stored PDF's bytes of ``bill`` when one is kept and still prints
    what ``bill`` does, else None. Only the owners' copy is kept."""
    if not getattr(dwelling, "owned", False):
        return None
    stored = StoredBill.objects.filter(dwelling=dwelling, period=bill.period).first()
    if stored is None or stored.digest != documents.bill_digest(bill):
        return None
    # A bill whose file expired (a bucket's lifecycle rule) or cannot be read
    # now is made anew, as if none had been kept.
    try:
        with stored.file.open("rb") as file:
            return file.read()
    except FileNotFoundError:
        logger.warning("stored bill %s has lost its file", stored.pk)
        return None
    except OSError:
        logger.exception("stored bill %s could not be read", stored.pk)
        return None


def runs_listed(limit):
    """The latest ``limit`` runs, newest first, with who started them."""
    return list(BillRun.objects.select_related("started_by")[:limit])


def failures(run, limit):
    """The first ``limit`` failed dwellings of ``run`` with their addresses."""
    return list(
        BillRunOutcome.objects.filter(run=run, ok=False)
        .select_related("dwelling")
        .order_by("dwelling_id")[:limit]
    )
