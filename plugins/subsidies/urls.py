from django.urls import path

from plugins.subsidies import views, views_pdf, views_steps

app_name = "subsidies"

# The resident's applications, starting one, its status, withdrawing it, and
# the documents it holds.
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/<int:dwelling>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("documents/<int:pk>/", views.document, name="document"),
]

# The form's steps, each its own page, in the order of steps.STEPS.
urlpatterns += [
    path("<int:pk>/dwelling/", views_steps.dwelling, name="step_dwelling"),
    path("<int:pk>/household/", views_steps.members, name="step_members"),
    path(
        "<int:pk>/household/<int:member>/",
        views_steps.member_edit,
        name="member_edit",
    ),
    path(
        "<int:pk>/household/<int:member>/remove/",
        views_steps.member_remove,
        name="member_remove",
    ),
    path("<int:pk>/incomes/", views_steps.incomes, name="step_incomes"),
    path("<int:pk>/property/", views_steps.property_step, name="step_property"),
    path("<int:pk>/documents/", views_steps.documents, name="step_documents"),
    path(
        "<int:pk>/documents/<int:document>/remove/",
        views_steps.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/review/", views_steps.review, name="step_review"),
]

# The generated application and declaration PDFs.
urlpatterns += [
    path("<int:pk>/forms/<int:form_pk>/", views_pdf.form_pdf, name="form_pdf"),
]
