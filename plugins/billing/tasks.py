"""Background work of the billing plugin, run by ``manage.py db_worker``."""

import logging

from django_tasks import task

from plugins.billing import imports

logger = logging.getLogger(__name__)


@task(backend="imports")
def run_billing_import(import_id):
    """Apply the uploaded file of a queued import; its record shows the
    outcome. Returns the import's status."""
    return imports.run_queued_import(import_id)
