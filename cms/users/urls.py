from django.urls import path

from cms.users import views

app_name = "users"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("my-data.json", views.download_json, name="my_data_json"),
    path("my-data.pdf", views.download_pdf, name="my_data_pdf"),
    path("close/", views.close, name="close_account"),
]
