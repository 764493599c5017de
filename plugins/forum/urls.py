"""The engine's pages under the plugin's prefix, and the plugin's own.

The engine's pages keep their own namespaces (``forum:index``,
``forum_conversation:topic`` and so on), so this module declares no
``app_name`` and names its own pages with a ``forum_`` prefix.
"""

from django.urls import include, path, re_path

from plugins.forum import views

urlpatterns = [
    path("report/<int:pk>/", views.report_post, name="forum_report_post"),
    # Before the engine's search page, which this one stands in for.
    path("search/", views.search, name="forum_search_posts"),
    # The engine takes any text for a member's number and fails on a word.
    re_path(
        r"^member/profile/(?P<pk>[^/]*[^0-9/][^/]*)/(?:posts/)?$",
        views.no_such_member,
    ),
    path("", include("machina.urls")),
]
