"""Export formats: how one provider's file is shaped, read from a TOML file.

Each ``plugins/billing/formats/<name>.toml`` names the file type, its
encodings, delimiter and decimal mark, which of the provider's columns holds
each of the portal's fields, and how the provider's values translate into the
portal's. docs/formats.md describes the keys.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from plugins.billing.importing.rows import COLUMNS

FORMATS_DIR = Path(__file__).resolve().parent.parent / "formats"
DEFAULT_FORMAT = "portal"

# A name becomes a file name: nothing that could leave the formats folder.
NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")

FILE_TYPES = ("csv", "dbf")
ENCODINGS = ("utf-8", "cp1251", "cp866", "cp1125")
DELIMITERS = (";", ",")
DECIMAL_MARKS = (",", ".", "any")
PERIOD_FORMS = ("YYYY-MM", "MM.YYYY")

# Fields a provider may leave out: the portal stores them empty.
OPTIONAL_FIELDS = ("apartment", "unit")


class FormatError(ValueError):
    """A format that does not exist or cannot be used; the message says why."""


@dataclass(frozen=True)
class ExportFormat:
    """One provider's file layout, checked when it is loaded."""

    name: str
    file_type: str
    encodings: tuple
    delimiter: str
    decimal_mark: str
    # Portal field -> the provider's column name, lower case.
    columns: dict
    # Portal field -> {provider's value: portal's value}.
    values: dict = field(default_factory=dict)
    period_form: str = "YYYY-MM"
    period_year: str = ""
    period_month: str = ""
    other_columns_allowed: bool = False

    @property
    def source_columns(self):
        """Every column of the provider's file this format reads."""
        names = list(self.columns.values())
        names += [name for name in (self.period_year, self.period_month) if name]
        return names


def format_names():
    return sorted(path.stem for path in FORMATS_DIR.glob("*.toml"))


def load_format(name):
    """The format called ``name``, checked; FormatError names what is wrong."""
    path = FORMATS_DIR / f"{name}.toml"
    if not NAME.fullmatch(name) or not path.is_file():
        raise FormatError(
            _("No export format named %(name)s; the known formats are: %(known)s.")
            % {"name": repr(name), "known": ", ".join(format_names())}
        )
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise FormatError(
            _("The export format %(name)s is not valid TOML: %(reason)s.")
            % {"name": name, "reason": error}
        ) from None
    return build_format(name, config)


def build_format(name, config):
    """An ExportFormat from a parsed TOML table, every key checked."""
    period = config.get("period", {})
    export_format = ExportFormat(
        name=name,
        file_type=choice(name, config, "type", FILE_TYPES),
        encodings=encodings(name, config),
        delimiter=choice(name, config, "delimiter", DELIMITERS, default=";"),
        decimal_mark=choice(name, config, "decimal_mark", DECIMAL_MARKS),
        columns=columns(name, config.get("columns", {}), period),
        values=value_maps(name, config.get("values", {})),
        period_form=choice(name, period, "form", PERIOD_FORMS, default="YYYY-MM"),
        period_year=str(period.get("year", "")).strip().lower(),
        period_month=str(period.get("month", "")).strip().lower(),
        other_columns_allowed=config.get("other_columns") == "ignore",
    )
    if export_format.delimiter == export_format.decimal_mark:
        raise FormatError(
            _(
                "The export format %(name)s uses «%(mark)s» both between columns and as the decimal mark."
            )
            % {"name": name, "mark": export_format.delimiter}
        )
    return export_format


def choice(name, config, key, allowed, default=None):
    value = config.get(key, default)
    if value not in allowed:
        raise FormatError(
            _("The export format %(name)s: %(key)s must be one of %(allowed)s.")
            % {"name": name, "key": key, "allowed": ", ".join(allowed)}
        )
    return value


def encodings(name, config):
    value = config.get("encoding")
    names = tuple(value) if isinstance(value, list) else (value,)
    if not names or any(encoding not in ENCODINGS for encoding in names):
        raise FormatError(
            _(
                "The export format %(name)s: encoding must be one of %(allowed)s, or a list of them."
            )
            % {"name": name, "allowed": ", ".join(ENCODINGS)}
        )
    return names


def columns(name, mapping, period):
    """Portal field -> provider column; every required field must be mapped.

    The period may instead come from a year and a month column."""
    mapped = {
        portal: str(source).strip().lower()
        for portal, source in mapping.items()
        if str(source).strip()
    }
    for portal in mapped:
        if portal not in COLUMNS:
            raise FormatError(
                _("The export format %(name)s maps an unknown field %(field)s.")
                % {"name": name, "field": portal}
            )

    split_period = bool(period.get("year") and period.get("month"))
    for portal in COLUMNS:
        if portal in mapped or portal in OPTIONAL_FIELDS:
            continue
        if portal == "period" and split_period:
            continue
        raise FormatError(
            _(
                "The export format %(name)s does not say which column holds the field %(field)s."
            )
            % {"name": name, "field": portal}
        )
    return mapped


def value_maps(name, maps):
    """The provider's values -> the portal's, for fields the portal knows."""
    for portal, mapping in maps.items():
        if portal not in COLUMNS or not isinstance(mapping, dict):
            raise FormatError(
                _(
                    "The export format %(name)s maps values of an unknown field %(field)s."
                )
                % {"name": name, "field": portal}
            )
    return {
        portal: {str(key): str(value) for key, value in mapping.items()}
        for portal, mapping in maps.items()
    }
