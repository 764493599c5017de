"""How the billing admin hands a provider a file it made."""

from django.http import HttpResponse


def csv_attachment(text, filename):
    """``text`` as a CSV file the browser saves under ``filename``."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
