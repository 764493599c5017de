"""The "My data" export as JSON and as PDF."""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from cms.core.pdf import DOCUMENT_TIME_ZONE, render_pdf
from cms.users.personal_data import collect_personal_data


def personal_data(user):
    return {
        "generated_at": timezone.now(),
        "user_id": user.pk,
        "sections": collect_personal_data(user),
    }


def as_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


#: The lines the PDF prints at most: about six seconds of the PDF engine's
#: work. The JSON download always holds everything.
MAX_PDF_ROWS = 20000


def as_pdf(data):
    rows = printable_rows(data["sections"])
    context = {
        "data": data,
        "rows": rows[:MAX_PDF_ROWS],
        "cut_short": len(rows) > MAX_PDF_ROWS,
    }
    return render_pdf("users/my_data_pdf.html", context, "The personal data")


# TODO: the PDF labels rows with the sections' field names (account_number,
# paid_on), the same as the JSON; a translated label per field needs each
# plugin to register its labels too, which the registry does not ask yet.
def printable_rows(value, depth=0, label=""):
    """The nested data as (depth, label, text) rows, so the PDF template
    prints any section's shape without knowing it."""
    if isinstance(value, dict):
        rows = [(depth, label, "")] if label else []
        for key, item in value.items():
            rows += printable_rows(item, depth + (1 if label else 0), str(key))
        return rows
    if isinstance(value, list | tuple):
        rows = [(depth, label, "")] if label else []
        for number, item in enumerate(value, start=1):
            rows += printable_rows(item, depth + 1, f"{label} {number}".strip())
        return rows
    return [(depth, label, printable(value))]


def printable(value):
    """A value as a Ukrainian reader expects it: Kyiv time, day first."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, DOCUMENT_TIME_ZONE).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)
