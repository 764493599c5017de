"""The engine's pages under the plugin's prefix, and the plugin's own.

The engine's pages keep their own namespaces (``forum:index``,
``forum_conversation:topic`` and so on), so this module declares no
``app_name`` and names its own pages with a ``forum_`` prefix.
"""

from django.urls import include, path

from plugins.forum import views

urlpatterns = [
    path("report/<int:pk>/", views.report_post, name="forum_report_post"),
    # Before the engine's search page, which this one stands in for.
    path("search/", views.search, name="forum_search_posts"),
    path("", include("machina.urls")),
]
