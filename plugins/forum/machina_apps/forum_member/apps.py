from machina.apps.forum_member.apps import ForumMemberAppConfig


class Config(ForumMemberAppConfig):
    default = True
    default_auto_field = "django.db.models.AutoField"
