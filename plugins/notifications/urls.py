from django.urls import path

from plugins.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.open_notice, name="open"),
    path("subscription/", views.subscription, name="subscription"),
]
