from machina.apps.forum_permission.apps import ForumPermissionAppConfig


class Config(ForumPermissionAppConfig):
    default = True
    default_auto_field = "django.db.models.AutoField"
