"""The forum engine's own apps, configured for the portal.

Each package here stands in for one of the engine's apps in INSTALLED_APPS and
keeps its package name, because the engine finds a class to override by the
last part of an installed app's path. Their configs only switch the automatic
primary key back to the engine's own, so its shipped migrations stay complete
under the portal's BigAutoField default.
"""

#: The engine's apps, in the order INSTALLED_APPS needs them, when the forum is on.
ENGINE_APPS = [
    "mptt",
    "haystack",
    "widget_tweaks",
    "machina",
    "plugins.forum.machina_apps.forum",
    "plugins.forum.machina_apps.forum_conversation",
    "plugins.forum.machina_apps.forum_conversation.forum_attachments",
    "plugins.forum.machina_apps.forum_conversation.forum_polls",
    "machina.apps.forum_feeds",
    "plugins.forum.machina_apps.forum_moderation",
    "machina.apps.forum_search",
    "plugins.forum.machina_apps.forum_tracking",
    "plugins.forum.machina_apps.forum_member",
    "plugins.forum.machina_apps.forum_permission",
]
