"""Background work of the billing plugin: providers' imports, run by the import
workers (``db_worker --backend imports --queue-name imports``, or ``rqworker
imports``), and month-end bills, run by the default workers (``db_worker``, or
``rqworker default``)."""

import logging

from django_tasks import task

from cms.task_backends import IMPORTS_QUEUE
from plugins.billing import bill_runs, imports

logger = logging.getLogger(__name__)


@task(backend="imports", queue_name=IMPORTS_QUEUE)
def run_billing_import(import_id):
    """Apply the uploaded file of a queued import; its record shows the
    outcome. Returns the import's status."""
    return imports.run_queued_import(import_id)


@task()
def generate_bills(run_id, dwelling_ids):
    """Make and store the month-end bills of one chunk of a bill run; the
    run's record shows the progress. Returns [made, failed] of this chunk."""
    return list(bill_runs.generate_chunk(run_id, dwelling_ids))
