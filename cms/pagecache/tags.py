"""Tags name what a cached page was rendered from; each has a version in the
cache, and a change makes a tag stale by giving it a new version.

Versions are random rather than counted, so a version lost from the cache
(evicted, or Redis restarted) is never recreated equal to one an old entry
remembers.
"""

import secrets

from django.core.cache import cache

#: What every public page shows: the main menu, the footer's contacts, the
#: site's name.
CHROME = "chrome"
#: Every entry depends on it: making it stale clears the whole cache.
EVERYTHING = "all"

_VERSION_PREFIX = "pagecache:tag:"


def page_tag(page_id):
    """The page's own content."""
    return f"page:{page_id}"


def children_tag(page_id):
    """The list of the page's children."""
    return f"children:{page_id}"


def type_tag(model):
    """Any page of a page type, wherever it sits in the tree."""
    return f"type:{model._meta.label_lower}"


def model_tag(model, pk=None):
    """Every object of a model shown on public pages, or one of them."""
    tag = f"model:{model._meta.label_lower}"
    return tag if pk is None else f"{tag}:{pk}"


def _version_key(tag):
    return f"{_VERSION_PREFIX}{tag}"


def _new_version():
    return secrets.randbits(62)


def make_stale(tags):
    """Give each tag a new version: entries rendered from the old one go stale."""
    if tags:
        cache.set_many(
            {_version_key(tag): _new_version() for tag in tags}, timeout=None
        )


def current_versions(tags):
    """``{tag: version}`` as the cache holds them now; a tag without a version
    is missing from the answer."""
    found = cache.get_many([_version_key(tag) for tag in tags])
    prefix = len(_VERSION_PREFIX)
    return {key[prefix:]: version for key, version in found.items()}


def versions_for_rendering(tags):
    """``{tag: version}`` for every tag, giving a first version to tags that
    have none yet; taken before a page renders, so a change during rendering
    leaves the entry stale."""
    versions = current_versions(tags)
    missing = [tag for tag in tags if tag not in versions]
    for tag in missing:
        # add() keeps a version another server gave the tag meanwhile.
        cache.add(_version_key(tag), _new_version(), timeout=None)
    if missing:
        versions.update(current_versions(missing))
    return versions
