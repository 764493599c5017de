from django.urls import path

from plugins.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.new_conversation, name="new"),
    path("settings/", views.preferences, name="settings"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/block/", views.block, name="block"),
    path("<int:pk>/unblock/", views.unblock, name="unblock"),
    path("<int:pk>/report/<int:message_pk>/", views.report, name="report"),
]
