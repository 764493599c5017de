"""URL converters of the cabinet."""

from datetime import date


class MonthConverter:
    """A month as ``YYYY-MM`` in a URL, the first day of it in a view."""

    regex = r"\d{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value):
        return date(int(value[:4]), int(value[5:7]), 1)

    def to_url(self, value):
        if isinstance(value, date):
            return f"{value:%Y-%m}"
        return value
