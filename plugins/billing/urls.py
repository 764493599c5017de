from django.urls import path

from plugins.billing import views

app_name = "billing"

urlpatterns = [
    path("", views.cabinet, name="cabinet"),
]
