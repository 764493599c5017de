"""Operations on the forum's structure and who may do what in it."""

import logging

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction
from django.db.models import Q
from machina.apps.forum.models import Forum
from machina.apps.forum_permission.checker import ForumPermissionChecker
from machina.apps.forum_permission.models import (
    ForumPermission,
    GroupForumPermission,
    UserForumPermission,
)

from cms.directory.models import Provider

logger = logging.getLogger(__name__)

# Not Wagtail's own "Moderators" group, which its first migration gives the
# right to publish every page: a forum moderator edits nothing on the site.
MODERATORS_GROUP = "Community moderators"

PROVIDERS_CATEGORY = "Постачальники послуг"
CITY_TOPICS = "Міські теми"
ANNOUNCEMENTS = "Оголошення"
PORTAL_FEEDBACK = "Відгуки про портал"

READ = ["can_see_forum", "can_read_forum", "can_download_file"]
# What every signed-in resident does where residents talk.
RESIDENT_WRITE = [
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_post_without_approval",
    "can_vote_in_polls",
]
MODERATE = [
    "can_edit_posts",
    "can_delete_posts",
    "can_lock_topics",
    "can_move_topics",
    "can_approve_posts",
    "can_post_announcements",
    "can_post_stickies",
    "can_reply_to_locked_topics",
]


@transaction.atomic
def seed_forums():
    """Create the city's forums and their permissions; run again, change nothing.

    A forum per provider for questions and answers (under one category), city
    topics, announcements residents only read, and feedback about the portal.
    Returns the forums, by name.
    """
    providers_category = _forum(PROVIDERS_CATEGORY, Forum.FORUM_CAT)
    forums = {PROVIDERS_CATEGORY: providers_category}
    for provider in Provider.objects.order_by("short_name"):
        forums[provider.short_name] = _forum(
            provider.short_name,
            description=f"Питання та відповіді: {provider.name}",
            parent=providers_category,
        )
    forums[CITY_TOPICS] = _forum(CITY_TOPICS, description="Що турбує місто")
    forums[ANNOUNCEMENTS] = _forum(
        ANNOUNCEMENTS, description="Повідомлення редакції та постачальників"
    )
    forums[PORTAL_FEEDBACK] = _forum(
        PORTAL_FEEDBACK, description="Що покращити на порталі"
    )

    for name, forum in forums.items():
        _grant_everyone(forum, READ, granted=True)
        _grant_residents(forum, READ, granted=True)
        # Residents read announcements; only moderators post them.
        _grant_residents(forum, RESIDENT_WRITE, granted=name != ANNOUNCEMENTS)

    moderators = moderators_group()
    for codename in READ + RESIDENT_WRITE + MODERATE:
        GroupForumPermission.objects.update_or_create(
            permission=_permission(codename),
            forum=None,
            group=moderators,
            defaults={"has_perm": True},
        )

    logger.info("forum seeded: %d forums", len(forums))
    return forums


def moderators_group():
    """The moderators, let into the admin to read reported posts and close
    the reports. Other plugins add their own moderation rights to the same
    group, so this only adds."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = Q(content_type__app_label="wagtailadmin", codename="access_admin") | Q(
        content_type__app_label="portal_forum",
        codename__in=["view_postreport", "change_postreport"],
    )
    group.permissions.add(*Permission.objects.filter(wanted))
    return group


def forums_visitors_read():
    """Primary keys of the forums a visitor who has not signed in may read.

    The engine's own checker weighs what is granted to anonymous visitors, per
    forum over for all forums. A forum counts only when every forum above it
    counts too, as the engine's tree hides what hangs under a closed category.
    """
    forums = list(Forum.objects.only("pk", "parent_id"))
    checker = ForumPermissionChecker(AnonymousUser())
    perms = checker.get_perms_for_forumlist(forums, ["can_read_forum"])
    readable = {forum.pk for forum in forums if "can_read_forum" in perms[forum]}
    parents = {forum.pk: forum.parent_id for forum in forums}

    def open_up_to_the_top(pk):
        while pk is not None:
            if pk not in readable:
                return False
            pk = parents[pk]
        return True

    return [pk for pk in readable if open_up_to_the_top(pk)]


def _forum(name, kind=Forum.FORUM_POST, description="", parent=None):
    forum, _ = Forum.objects.get_or_create(
        name=name,
        parent=parent,
        defaults={"type": kind, "description": description},
    )
    return forum


def _permission(codename):
    permission, _ = ForumPermission.objects.get_or_create(codename=codename)
    return permission


def _grant_residents(forum, codenames, granted):
    _grant(forum, codenames, granted, signed_in=True)


def _grant_everyone(forum, codenames, granted):
    """Visitors who have not signed in read the forum too."""
    _grant(forum, codenames, granted, signed_in=False)


def _grant(forum, codenames, granted, signed_in):
    for codename in codenames:
        UserForumPermission.objects.update_or_create(
            permission=_permission(codename),
            forum=forum,
            user=None,
            authenticated_user=signed_in,
            anonymous_user=not signed_in,
            defaults={"has_perm": granted},
        )
