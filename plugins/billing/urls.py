from django.urls import path, register_converter

from plugins.billing import (
    views,
    views_access,
    views_disputes,
    views_documents,
    views_linking,
    views_payments,
    views_readings,
    views_services,
)
from plugins.billing.converters import MonthConverter

app_name = "billing"

register_converter(MonthConverter, "month")

urlpatterns = [
    path("", views.cabinet, name="cabinet"),
    path("dwellings/<int:pk>/", views.dwelling_detail, name="dwelling"),
    path(
        "dwellings/<int:pk>/bill/<month:period>.pdf", views_documents.bill, name="bill"
    ),
    # One service of one of the dwelling's accounts, month by month.
    path(
        "dwellings/<int:pk>/services/<int:account_id>/<slug:service>/",
        views_services.service_history,
        name="service_history",
    ),
    path("dwellings/<int:pk>/payments/", views_payments.payments, name="payments"),
]

# Linking a dwelling by account number and access code, and unlinking it.
urlpatterns += [
    path("dwellings/link/", views_linking.link_dwelling, name="link_dwelling"),
    path(
        "dwellings/<int:pk>/unlink/",
        views_linking.unlink_dwelling,
        name="unlink_dwelling",
    ),
]

# The bill's print page, settlement certificates, and the public page that
# verifies a certificate by its code (the one billing page open to anyone).
urlpatterns += [
    path(
        "dwellings/<int:pk>/bill/<month:period>/",
        views_documents.bill_print,
        name="bill_print",
    ),
    path(
        "dwellings/<int:pk>/certificates/",
        views_documents.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "dwellings/<int:pk>/certificates/<str:code>.pdf",
        views_documents.certificate_pdf,
        name="certificate",
    ),
    path(
        "check/<str:code>/",
        views_documents.certificate_check,
        name="certificate_check",
    ),
]

# Meter readings: the resident submits them and sees their history.
urlpatterns += [
    path(
        "dwellings/<int:pk>/readings/",
        views_readings.dwelling_readings,
        name="readings",
    ),
]

# Disputes of charges, and access an owner delegates to others.
urlpatterns += [
    path(
        "dwellings/<int:pk>/charges/<int:charge_id>/dispute/",
        views_disputes.dispute_charge,
        name="dispute_charge",
    ),
    path(
        "dwellings/<int:pk>/access/",
        views_access.dwelling_access,
        name="dwelling_access",
    ),
    path(
        "dwellings/<int:pk>/access/<int:access_id>/withdraw/",
        views_access.withdraw_access,
        name="withdraw_access",
    ),
]
