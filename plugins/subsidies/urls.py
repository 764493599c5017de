from django.urls import path

from plugins.subsidies import views_pdf

app_name = "subsidies"

urlpatterns = []

# The generated application and declaration PDFs.
urlpatterns += [
    path("<int:pk>/forms/<int:form_pk>/", views_pdf.form_pdf, name="form_pdf"),
]
