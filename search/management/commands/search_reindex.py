"""``manage.py search_reindex``: rebuild the site-wide search's index."""

from django.core.management.base import BaseCommand, CommandError

from search import registry
from search.backend import forget_failures
from search.indexing import reindex, reindex_all


class Command(BaseCommand):
    help = (
        "Index every public object of every registered type again, in "
        "PostgreSQL and, when ELASTICSEARCH_URL is set, in a new Elasticsearch "
        "index that replaces the old one behind its alias."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "types", nargs="*", help="Only these types (e.g. forum_post)."
        )

    def handle(self, *args, types, **options):
        known = {searchable.key: searchable for searchable in registry.registered()}
        unknown = sorted(set(types) - set(known))
        if unknown:
            raise CommandError(
                f"No such search type: {', '.join(unknown)}. "
                f"Known: {', '.join(sorted(known))}."
            )

        # An operator reindexing wants the cluster tried now, not in a while.
        forget_failures()
        if types:
            written = {key: reindex(known[key]) for key in types}
        else:
            written = reindex_all()
        for key in sorted(written):
            self.stdout.write(f"{key}: {written[key]}")
