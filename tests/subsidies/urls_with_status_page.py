"""A URL configuration with the resident's status page of an application, so
that notices about an application can be checked to link to it.

The real page is the subsidies plugin's own; this one only answers to its name.
"""

from django.http import HttpResponse
from django.urls import include, path


def status_page(request, pk):
    return HttpResponse(f"application {pk}")


subsidies = ([path("<int:pk>/", status_page, name="detail")], "subsidies")

urlpatterns = [
    path("cabinet/subsidies/", include(subsidies)),
    path("cabinet/notices/", include("plugins.notifications.urls")),
]
