from pathlib import Path

from machina.apps.forum.apps import ForumAppConfig


class Config(ForumAppConfig):
    default = True
    default_auto_field = "django.db.models.AutoField"
    # The engine's app keeps its name, so Django would look for its catalog in
    # the engine's folder; here is the portal's Ukrainian one, in locale/. The
    # engine's folder holds nothing else Django looks up by path.
    path = str(Path(__file__).resolve().parent)
