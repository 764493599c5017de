"""Background work of the billing plugin, run by the import workers
(``db_worker --backend imports --queue-name imports``, or ``rqworker imports``)."""

import logging

from django_tasks import task

from cms.task_backends import IMPORTS_QUEUE
from plugins.billing import imports

logger = logging.getLogger(__name__)


@task(backend="imports", queue_name=IMPORTS_QUEUE)
def run_billing_import(import_id):
    """Apply the uploaded file of a queued import; its record shows the
    outcome. Returns the import's status."""
    return imports.run_queued_import(import_id)
