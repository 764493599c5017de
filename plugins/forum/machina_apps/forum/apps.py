from machina.apps.forum.apps import ForumAppConfig


class Config(ForumAppConfig):
    default = True
    default_auto_field = "django.db.models.AutoField"
