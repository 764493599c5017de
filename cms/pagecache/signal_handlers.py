"""What an editor's change makes stale in the public page cache.

Tags go stale once the change is committed: a page rendered meanwhile from
the old rows would otherwise be kept under the new versions.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from cms.pagecache import dependencies, tags

logger = logging.getLogger(__name__)


def connect():
    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    page_slug_changed.connect(branch_changed, dispatch_uid="pagecache-slug")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")

    post_save.connect(restriction_changed, sender=PageViewRestriction)
    post_delete.connect(restriction_changed, sender=PageViewRestriction)

    for model in dependencies.shown_models():
        post_save.connect(object_changed, sender=model)
        post_delete.connect(object_changed, sender=model)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(relation_changed, sender=field.remote_field.through)

    post_save.connect(chrome_changed, sender=Site)
    post_delete.connect(chrome_changed, sender=Site)
    # Site settings (the footer's contacts) are shown on every page.
    post_save.connect(setting_changed)


def page_changed(sender, instance, **kwargs):
    make_stale(dependencies.changed_page_tags(instance), "page %s", instance.pk)


def branch_changed(sender, instance, **kwargs):
    make_stale(dependencies.changed_branch_tags(instance), "branch %s", instance.pk)


def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    stale = dependencies.changed_branch_tags(
        instance, parent_page_before.pk, parent_page_after.pk
    )
    make_stale(stale, "moved branch %s", instance.pk)


def restriction_changed(sender, instance, **kwargs):
    stale = dependencies.changed_branch_tags(instance.page)
    make_stale(stale, "restricted branch %s", instance.page_id)


def object_changed(sender, instance, **kwargs):
    stale = dependencies.changed_object_tags(instance)
    make_stale(stale, "%s %s", sender._meta.label_lower, instance.pk)


def relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        object_changed(type(instance), instance)


def chrome_changed(sender, instance, **kwargs):
    make_stale({tags.CHROME}, "%s %s", sender._meta.label_lower, instance.pk)


def setting_changed(sender, instance, **kwargs):
    if isinstance(instance, BaseSiteSetting):
        chrome_changed(sender, instance)


def make_stale(stale, what, *args):
    def commit():
        tags.make_stale(stale)
        logger.info("page cache: " + what + " made %d tags stale", *args, len(stale))

    transaction.on_commit(commit)
