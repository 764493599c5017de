import logging

from django.core.management.base import BaseCommand

from cms.pagecache import tags

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Make every public page in the cache stale, e.g. after changing a "
        "template; other entries of the shared cache (sessions, limits) stay."
    )

    def handle(self, *args, **options):
        tags.make_stale([tags.EVERYTHING])
        logger.info("page cache cleared")
        self.stdout.write("Every cached public page is stale now.")
