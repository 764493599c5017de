"""The engine's pages under the plugin's prefix.

They keep the engine's own namespaces (``forum:index``, ``forum_conversation:topic``
and so on), so this module declares no ``app_name`` of its own.
"""

from django.urls import include, path

urlpatterns = [path("", include("machina.urls"))]
