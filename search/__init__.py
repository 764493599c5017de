"""Site-wide search: each app declares what it adds, this package aggregates.

Until the site-wide search lands, pages and snippets are indexed by Wagtail's
database backend (see ``WAGTAILSEARCH_BACKENDS``).
"""
