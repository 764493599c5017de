"""Site-wide search: each app declares what it adds, this package aggregates.

Apps declare their searchable types in :mod:`search.registry`.

Until the site-wide search lands, pages and snippets are indexed by Wagtail's
database backend (see ``WAGTAILSEARCH_BACKENDS``).
"""
