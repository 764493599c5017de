"""RQ's queue, holding a job back until the transaction that asked for it commits.

On the database task backend a task's row commits with the rest of the
transaction, so a worker never sees work whose data is not there yet, nor
work from a change that was rolled back. RQ writes to Redis at once, and
django-tasks' RQ backend bypasses django-rq's own wait for the commit, so a
worker could read the rows before they are committed. The portal's own tasks
are enqueued after commit, but Wagtail asks for its reference index while a
page is being saved; this queue makes every task wait, as it would in the
database.
"""

from django.db import transaction
from django_rq.queues import DjangoRQ


class CommittedQueue(DjangoRQ):
    """A django-rq queue whose jobs reach Redis when the transaction commits."""

    def enqueue_job(self, job, *args, **kwargs):
        if self._waits_for_commit():
            transaction.on_commit(
                lambda: super(CommittedQueue, self).enqueue_job(job, *args, **kwargs)
            )
            return job
        return super().enqueue_job(job, *args, **kwargs)

    def schedule_job(self, job, *args, **kwargs):
        if self._waits_for_commit():
            transaction.on_commit(
                lambda: super(CommittedQueue, self).schedule_job(job, *args, **kwargs)
            )
            return job
        return super().schedule_job(job, *args, **kwargs)

    def _waits_for_commit(self):
        # django-rq's COMMIT_MODE "auto" asks for jobs to go out at once.
        return (
            self._commit_mode == "on_db_commit"
            and transaction.get_connection().in_atomic_block
        )
