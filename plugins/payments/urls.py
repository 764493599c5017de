from django.urls import path

from plugins.payments import views

app_name = "payments"

urlpatterns = [
    path("dwellings/<int:pk>/pay/", views.pay, name="pay"),
    path("callback/", views.callback, name="callback"),
    path("sandbox/<str:order_id>/", views.sandbox, name="sandbox"),
]
