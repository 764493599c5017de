"""The portal's URLs and the two views that pages under load are compared with."""

from django.urls import path

from benchmarks import views
from cms.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("benchmark/hello/", views.hello, name="benchmark_hello"),
    path("benchmark/baseline/<int:pk>/", views.baseline, name="benchmark_baseline"),
    *portal_urlpatterns,
]
