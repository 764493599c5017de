"""Private files in an S3-compatible bucket, for portals that run on several
machines. A module of its own so that a portal on one machine never loads the
S3 client."""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from cms.core.storage import NoAddress

logger = logging.getLogger(__name__)


class PrivateBucketStorage(NoAddress, S3Storage):
    """Private files in a bucket nobody outside may read.

    The views that serve them read them with the portal's own credentials. A
    bucket that cannot be reached or refuses is reported as ``OSError``, as an
    unreadable disk would be, so callers handle one kind of failure whatever
    the storage (a missing file stays ``FileNotFoundError``).
    """

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except (BotoCoreError, ClientError) as error:
            logger.error("private bucket: %s could not be opened: %s", name, error)
            raise OSError(f"The private bucket could not give {name}.") from error
