"""The generated application and declaration PDFs of each sending, as links
for the resident's status page and the office's application screen."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime


def submitted_form_links(application):
    """Each sending's forms, newest first: ``url`` and ``title`` (the form
    and when it was made, Kyiv time)."""
    return [
        {
            "url": reverse("subsidies:form_pdf", args=[application.pk, form.pk]),
            "title": f"{capfirst(form.get_kind_display())}, "
            f"{date_format(localtime(form.created_at), 'DATETIME_FORMAT')}",
        }
        for form in application.submitted_forms.order_by("-created_at", "-pk")
    ]
