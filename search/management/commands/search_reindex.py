"""``manage.py search_reindex``: rebuild the site-wide search's index."""

from django.core.management.base import BaseCommand, CommandError

from search import registry
from search.indexing import reindex


class Command(BaseCommand):
    help = "Index every public object of every registered type again."

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
        for key in types or sorted(known):
            written = reindex(known[key])
            self.stdout.write(f"{key}: {written}")
