from machina.apps.forum_moderation.apps import ForumModerationAppConfig


class Config(ForumModerationAppConfig):
    default = True
