"""The "My data" export as JSON and as PDF."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from cms.core.pdf import render_pdf
from cms.users.personal_data import collect_personal_data


def personal_data(user):
    return {
        "generated_at": timezone.now(),
        "user_id": user.pk,
        "sections": collect_personal_data(user),
    }


def as_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def as_pdf(data):
    context = {"data": data, "rows": printable_rows(data["sections"])}
    return render_pdf("users/my_data_pdf.html", context, "The personal data")


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
    return [(depth, label, "" if value is None else str(value))]
