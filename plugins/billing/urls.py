from django.urls import path, register_converter

from plugins.billing import views
from plugins.billing.converters import MonthConverter

app_name = "billing"

register_converter(MonthConverter, "month")

urlpatterns = [
    path("", views.cabinet, name="cabinet"),
    path("dwellings/<int:pk>/", views.dwelling_detail, name="dwelling"),
    path("dwellings/<int:pk>/bill/<month:period>.pdf", views.bill, name="bill"),
]
