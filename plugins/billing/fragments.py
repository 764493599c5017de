"""Parts of the cabinet's pages kept rendered in Django's cache (Redis when
REDIS_URL is set).

What is kept
    HTML drawn only from the dwelling's billing data, the same for everyone
    who may open it: on the dwelling's overview, the month's charges with
    their checks and explanations, the history of the last twelve months
    with its charts, and the latest payments; on a service's page, its
    months with their checks and charts; each page of the payments. Drawing
    them (some thousand template nodes, the recomputation of every charge,
    the charts' geometry) was most of what those pages cost. The latest
    charges and balances, which the rest of the overview and its payment
    panel read, are kept beside them (:meth:`recall_charges`).

What is not
    Anything that differs between visitors or with the clock is rendered on
    every request around the fragments: forms with their CSRF token (the
    settlement certificate, online payment), what is due and whether it is
    overdue today, online payments awaiting the provider, disputes, the
    access log (which lists this very visit), the header with the visitor's
    counters. What does differ inside a fragment is part of its key: the
    language, and whether the visitor owns the dwelling or was let in by an
    owner (owners see links to dispute a charge).

How an entry goes stale
    Never by invalidation: the key holds :func:`row_versions.fingerprint`,
    read in one query before anything else on the page. Any write to a row a
    fragment is drawn from (an import, a subsidy grant, a payment, a meter
    reading, an approved tariff, the dwelling's area, by any code path)
    changes it, so the next request looks under a new key, misses, and
    renders from the new rows. No writer needs to know the cache exists. The
    key also holds a digest of the code and templates that draw the
    fragments, so a release never serves the HTML of the one before. Entries
    left behind expire after ``FRAGMENT_SECONDS``.
"""

import hashlib
from functools import cache as once
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from plugins.billing import row_versions, services

FRAGMENT_SECONDS = 24 * 60 * 60
KEY_PREFIX = "cabinet-fragment:"

# What draws the fragments: the billing plugin, the themes that may override
# its templates, the shared formatting code and the translations.
DRAWN_BY = ("plugins/billing", "themes", "cms", "locale")
DRAWING_FILES = {".py", ".html", ".mo"}


@once
def code_version():
    """A digest of the files that draw the fragments, read once per process."""
    digest = hashlib.sha256(django.get_version().encode())
    root = Path(settings.BASE_DIR)
    for folder in DRAWN_BY:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in DRAWING_FILES and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class DwellingFragments:
    """The cached fragments of one dwelling's pages, as one visitor sees them.

    Made at the top of a view, before the page reads any billing row, so the
    fingerprint is never newer than what is drawn under it.
    """

    def __init__(self, dwelling):
        self.dwelling = dwelling
        self.fingerprint = row_versions.fingerprint(dwelling)

    def recall_charges(self):
        """Take the dwelling's latest charges and balances from the cache, or
        read and keep them: the page and its payment panel then read none of
        them (services.CHARGE_ANSWERS)."""
        key = self.data_key("charges")
        answers = cache.get(key)
        if answers is None:
            answers = services.charge_answers(self.dwelling)
            cache.set(key, answers, FRAGMENT_SECONDS)
        else:
            services.recall_answers(self.dwelling, answers)

    def data_key(self, name):
        """Data the same in every language and for every visitor."""
        parts = [code_version(), name, str(self.dwelling.pk), self.fingerprint]
        return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def key(self, name, *vary):
        viewer = "owner" if getattr(self.dwelling, "owned", False) else "delegate"
        parts = [
            code_version(),
            name,
            get_language() or settings.LANGUAGE_CODE,
            str(self.dwelling.pk),
            viewer,
            self.fingerprint,
            *(str(value) for value in vary),
        ]
        return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def render(self, name, template, context, *vary):
        """The fragment ``name`` from the cache, or ``template`` rendered with
        ``context()`` and kept; ``vary`` tells apart fragments of one name
        (one service's page from another's)."""
        key = self.key(name, *vary)
        html = cache.get(key)
        if html is None:
            html = render_to_string(template, {"dwelling": self.dwelling, **context()})
            cache.set(key, html, FRAGMENT_SECONDS)
        return mark_safe(html)  # noqa: S308 -- rendered by our own template
