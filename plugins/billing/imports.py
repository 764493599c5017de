"""Applying a provider's monthly export, recorded in the import log.

A file goes through the staging tables of ``importing``: read and checked
there, then merged in one transaction or not at all. Its record in the import
log is written first and followed as the file moves on, so the admin shows a
large upload's progress while a worker reads it.
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from cms import audit
from cms.directory.models import Provider
from plugins.billing import cabinet_notices, importing, partitions
from plugins.billing.choices import ImportStatus
from plugins.billing.models import (
    BillingImport,
    Charge,
    ChargeDispute,
    Dwelling,
    PersonalAccount,
)
from search.sync import changed_in_bulk

logger = logging.getLogger(__name__)

#: What a merge writes with SQL, past the signals the site-wide search follows.
MERGED = (Dwelling, PersonalAccount, Charge, ChargeDispute)


@dataclass
class ImportReport:
    """The outcome of one import: its record, what changed, or why it failed."""

    record: BillingImport
    result: importing.MergeResult | None = None
    errors: list = field(default_factory=list)
    error_count: int = 0

    @property
    def rejected(self):
        return self.record.status == ImportStatus.REJECTED


def import_billing_export(
    provider,
    data,
    file_name,
    user=None,
    export_format=None,
    month=None,
    record=None,
    new_accounts=True,
):
    """Apply a provider's monthly export completely or not at all.

    Every row is checked before anything is written; a file with any bad row is
    recorded as rejected with its first ``KEPT_ERRORS`` errors and their total.
    A good file is merged in one transaction, replacing the provider's charges
    of the months it covers, and applying the same file again changes nothing.

    ``user`` is the staff member uploading it, or None for an operator's
    command. ``export_format`` is the provider's file layout
    (``importing.load_format``), the portal's own format by default. ``month``,
    when given, is the month every row must be for; without ``new_accounts``
    a row of an account the portal does not know is an error. ``record`` is the import's
    queued record, if the upload made one. Whatever goes wrong, the attempt is
    recorded: a failure of the portal itself is logged and recorded as a
    rejection.
    """
    if user is not None and not user.has_perm("billing.add_billingimport"):
        raise PermissionDenied("This user may not import billing exports.")

    checksum = hashlib.sha256(data).hexdigest()
    record = start(record, provider, file_name, checksum, user, month, data)
    record.new_accounts = new_accounts
    run = importing.ImportRun(
        export_format or importing.load_format(importing.DEFAULT_FORMAT)
    )
    started = time.monotonic()
    try:
        return apply_export(run, record, provider, data, started)
    except Exception:
        # The traceback goes to the log with ids only; the operator and the
        # record get a message that says the file may not be at fault.
        logger.exception(
            "import %s of provider %s failed (file sha256 %s)",
            record.pk,
            provider.code,
            checksum,
        )
        failure = importing.RowError(0, "-", "", internal_error())
        return reject(record, run, [failure], 1, started)
    finally:
        close(run)


def start(record, provider, file_name, checksum, user, month, data):
    """The import's record, marked as running."""
    if record is None:
        record = BillingImport(
            provider=provider, file_name=file_name, created_by=user, month=month
        )
    record.sha256 = checksum
    record.status = ImportStatus.RUNNING
    record.expected_rows = expected_rows(data)
    record.save()
    return record


def expected_rows(data):
    # Lines less the header: exact for most files, and only used for a bar.
    return max(data.count(b"\n") - 1, 0)


def internal_error():
    return _(
        "the import failed because of an internal error; the details are in "
        "the portal's log"
    )


def apply_export(run, record, provider, data, started):
    run.stage(data, progress=lambda rows: show_progress(record, rows))
    # Before the import's transaction, whose locks a new partition would wait for.
    partitions.ensure_months(run.periods)

    with transaction.atomic():
        # One provider's exports are checked and applied one after another, so
        # validation sees the accounts an earlier import has just created.
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        errors, error_count = run.check(provider, record.month, record.new_accounts)
        if not error_count:
            result = run.merge(provider)
            changed_in_bulk(*MERGED)
            cabinet_notices.bills_ready(provider, run.periods)
            finish(
                record, run, started, ImportStatus.APPLIED, rows_changed=result.changed
            )
            record_in_audit(record, "billing.import.applied")

    if error_count:
        return reject(record, run, errors, error_count, started)

    logger.info(
        "import %s of provider %s: %d rows, %d changed, %d ms",
        record.pk,
        provider.code,
        result.rows,
        result.changed,
        record.duration_ms,
    )
    return ImportReport(record=record, result=result)


def show_progress(record, rows):
    # Outside the import's transaction, so the admin sees it as it happens.
    BillingImport.objects.filter(pk=record.pk).update(rows=rows)


def finish(record, run, started, status, **values):
    record.status = status
    record.rows = run.parsed.lines
    record.periods = run.periods_text
    record.duration_ms = max(round((time.monotonic() - started) * 1000), 0)
    for name, value in values.items():
        setattr(record, name, value)
    record.save()


def reject(record, run, errors, error_count, started):
    kept = errors[: importing.KEPT_ERRORS]
    # A savepoint of its own: should this update fail, the caller can still
    # report the failure.
    with transaction.atomic():
        finish(
            record,
            run,
            started,
            ImportStatus.REJECTED,
            rows_changed=0,
            errors=[error.as_dict() for error in kept],
            error_count=error_count,
        )
        record_in_audit(record, "billing.import.rejected", errors=error_count)
    logger.info(
        "import %s of provider %s rejected: %d rows, %d errors",
        record.pk,
        record.provider.code,
        record.rows,
        error_count,
    )
    return ImportReport(record=record, errors=kept, error_count=error_count)


def record_in_audit(record, action, **facts):
    """The import's entry in the audit log, by its uploader (no one for an
    operator's command): counts and the file's checksum, no row of it."""
    audit.record(
        action,
        actor=record.created_by_id,
        target=record,
        provider=record.provider.code,
        rows=record.rows,
        rows_changed=record.rows_changed,
        sha256=record.sha256,
        **facts,
    )


def queue_import(provider, upload, user, format_name, month, new_accounts=True):
    """Keep an uploaded file and leave it to a worker: the upload's request
    returns at once and the import's page follows its progress. Returns the
    queued record."""
    if not user.has_perm("billing.add_billingimport"):
        raise PermissionDenied("This user may not import billing exports.")
    record = BillingImport.objects.create(
        provider=provider,
        file_name=upload.name[:255],
        file=upload,
        format_name=format_name,
        month=month,
        new_accounts=new_accounts,
        sha256=file_checksum(upload),
        status=ImportStatus.QUEUED,
        created_by=user,
    )
    # Imported here: the task module imports this one.
    from plugins.billing.tasks import run_billing_import

    # Enqueued once the record is committed, or the worker could look for it
    # before it exists.
    transaction.on_commit(lambda: run_billing_import.enqueue(record.pk))
    logger.info("import %s of provider %s queued", record.pk, provider.code)
    return record


def file_checksum(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def run_queued_import(import_id):
    """Import the file a queued record keeps, then forget the file: the
    record's checksum is what the log needs, and the file names every payer."""
    record = BillingImport.objects.select_related("provider").get(pk=import_id)
    if record.status != ImportStatus.QUEUED:
        # A task delivered twice must not apply the file twice.
        logger.warning(
            "import %s is %s, not queued; left alone", record.pk, record.status
        )
        return record.status

    try:
        with record.file.open("rb") as file:
            data = file.read()
        export_format = importing.load_format(
            record.format_name or importing.DEFAULT_FORMAT
        )
    except (OSError, importing.FormatError):
        logger.exception("import %s: its file or format could not be read", record.pk)
        failure = importing.RowError(0, "-", "", internal_error())
        run = importing.ImportRun(None)
        return reject(record, run, [failure], 1, time.monotonic()).record.status

    report = import_billing_export(
        record.provider,
        data,
        record.file_name,
        export_format=export_format,
        month=record.month,
        record=record,
        new_accounts=record.new_accounts,
    )
    record.file.delete(save=False)
    BillingImport.objects.filter(pk=record.pk).update(file="")
    return report.record.status


def close(run):
    try:
        run.close()
    except Exception:
        # The staging tables go with the session anyway; the outcome is what
        # the operator needs to see.
        logger.warning(
            "staging tables of an import could not be dropped", exc_info=True
        )
