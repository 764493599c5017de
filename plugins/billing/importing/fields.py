"""The rules each field of an export must follow, checked in SQL.

Every rule is a SQL ``CASE`` over the staged text that yields an error code or
NULL, so one pass over the staging table checks every value of the file. The
codes become the messages below; the limits are the columns of the charge,
account and dwelling tables.
"""

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

NUMERIC_FIELDS = (
    "total_area",
    "volume",
    "price",
    "opening_balance",
    "charged",
    "benefit",
    "subsidy",
    "recalculation",
    "paid",
    "closing_balance",
)

# Charge money fields hold 12 digits with 2 places. More places are rounded
# away, but a file with more than this many is not a money column.
MONEY_DIGITS = 10
MONEY_PLACES_READ = 20

# Months the portal bills: well past the oldest debts and the longest forecast;
# anything else is a typo, and year 0 or 9999 cannot even be a date.
FIRST_YEAR, LAST_YEAR = 2000, 2100

NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
PERIOD = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


@dataclass(frozen=True)
class Rule:
    """How one field is checked: ``kind`` is text, quantity, money, persons or
    period; the rest are that kind's limits."""

    kind: str
    max_length: int = 0
    required: bool = True
    address: bool = False
    digits: int = 0
    places: int = 0
    positive: bool = False
    signed: bool = False


def text(max_length, required=True, address=False):
    return Rule("text", max_length=max_length, required=required, address=address)


def quantity(digits, places, positive=False):
    return Rule("quantity", digits=digits, places=places, positive=positive)


def money(signed=False):
    return Rule("money", digits=MONEY_DIGITS, places=MONEY_PLACES_READ, signed=signed)


RULES = {
    "account": text(30),
    "access_code": text(20),
    "payer": text(200),
    "street": text(200, address=True),
    "house": text(20, address=True),
    "apartment": text(20, required=False, address=True),
    "total_area": quantity(6, 2, positive=True),
    "persons": Rule("persons"),
    "service": text(50),
    "period": Rule("period"),
    "opening_balance": money(signed=True),
    "volume": quantity(9, 3),
    "unit": text(20, required=False),
    "price": quantity(8, 4),
    "charged": money(),
    "benefit": money(),
    "subsidy": money(),
    "recalculation": money(signed=True),
    "paid": money(),
    "closing_balance": money(signed=True),
}


def check_sql(name, column, decimal_mark):
    """A SQL expression: the error code of ``column`` holding field ``name``,
    or NULL when the value is good. ``decimal_mark`` is the format's."""
    rule = RULES[name]
    cases = []
    if name in NUMERIC_FIELDS and decimal_mark in OTHER_MARK:
        # A point in a file whose numbers use commas is a thousands separator
        # or another file's column; it would be read as another amount.
        cases.append(
            f"WHEN strpos({column}, '{OTHER_MARK[decimal_mark]}') > 0 THEN 'mark'"
        )
    cases += KIND_CASES[rule.kind](rule, column)
    return f"CASE {' '.join(cases)} END"


OTHER_MARK = {",": ".", ".": ","}


def text_cases(rule, v):
    cases = ["WHEN {v} = '' THEN 'required'"] if rule.required else []
    cases += [
        "WHEN length({v}) > {rule.max_length} THEN 'too_long'",
        "WHEN {v} ~ %(address_forbidden)s THEN 'forbidden'"
        if rule.address
        else "WHEN {v} ~ %(text_forbidden)s THEN 'forbidden'",
    ]
    return [case.format(v=v, rule=rule) for case in cases]


def number_cases(rule, v):
    """A plain decimal: comma or point, no thousands separator, no exponent,
    at most ``digits`` before the point and ``places`` after it. The digits are
    counted in the text, before it becomes a number, so a long value is refused
    rather than rounded. Leading and trailing zeros change nothing."""
    n = f"replace({v}, ',', '.')"
    return [
        f"WHEN {n} !~ '{NUMBER}' THEN 'not_number'",
        f"WHEN length(ltrim(split_part(ltrim({n}, '-'), '.', 1), '0')) > {rule.digits}"
        " THEN 'digits'",
        f"WHEN length(rtrim(split_part({n}, '.', 2), '0')) > {rule.places} THEN 'places'",
    ]


def quantity_cases(rule, v):
    n = f"replace({v}, ',', '.')::numeric"
    cases = number_cases(rule, v) + [f"WHEN {n} < 0 THEN 'negative'"]
    if rule.positive:
        cases.append(f"WHEN {n} = 0 THEN 'zero'")
    return cases


def money_cases(rule, v):
    amount = f"round(replace({v}, ',', '.')::numeric, 2)"
    cases = number_cases(rule, v)
    if not rule.signed:
        cases.append(f"WHEN {amount} < 0 THEN 'negative'")
    # 9999999999,995 rounds up to eleven digits.
    cases.append(f"WHEN abs({amount}) >= 1e{MONEY_DIGITS} THEN 'digits'")
    return cases


def persons_cases(rule, v):
    # The digits are counted before the cast: a long number would overflow it.
    return [
        f"WHEN {v} !~ '^[0-9]+$' THEN 'not_whole'",
        f"WHEN length(ltrim({v}, '0')) > 3 THEN 'persons'",
        f"WHEN {v}::integer > 100 THEN 'persons'",
    ]


def period_cases(rule, v):
    # NULL: the provider's form of the month could not be read, already said.
    return [
        f"WHEN {v} IS NULL THEN NULL",
        f"WHEN {v} !~ '{PERIOD}' THEN 'not_period'",
        f"WHEN left({v}, 4)::integer NOT BETWEEN {FIRST_YEAR} AND {LAST_YEAR}"
        " THEN 'year_range'",
    ]


KIND_CASES = {
    "text": text_cases,
    "quantity": quantity_cases,
    "money": money_cases,
    "persons": persons_cases,
    "period": period_cases,
}


# Between the fields of a record when the whole record is matched at once. A
# text value holding it is not matched and goes through the rules instead.
SEPARATOR = "|"


@cache
def good_record(decimal_mark, separator=SEPARATOR):
    """A regular expression matching only records whose every value is good,
    the fields in the order of ``COLUMNS`` joined by ``SEPARATOR``, provided
    the joined text is printable: ``str.isprintable`` refuses every control
    and format character at C speed, which a character class of them in the
    expression would check at a fraction of it. Most records of a file are
    good, and one match in the reader spares them every rule in SQL; a record
    it does not match may still be good, and the rules decide. ``separator``
    may instead be the file's delimiter, to match a line of the file as it
    is."""
    mark = {",": ",", ".": "\\.", "any": "[.,]"}[decimal_mark]
    return re.compile(
        re.escape(separator).join(
            good_value(rule, mark, separator) for rule in RULES.values()
        )
    )


def good_value(rule, mark, separator):
    if rule.kind == "text":
        least = 1 if rule.required else 0
        return f"[^{re.escape(separator)}]{{{least},{rule.max_length}}}"
    if rule.kind == "persons":
        return "[0-9]{1,2}"
    if rule.kind == "period":
        return f"(20[0-9]{{2}}|{LAST_YEAR})-(0[1-9]|1[0-2])"
    fraction = f"({mark}[0-9]{{1,{rule.places}}}0*)?"
    if rule.kind == "money":
        # Nine digits: a tenth could round up past the column's limit.
        sign = "-?" if rule.signed else ""
        return f"{sign}0*[0-9]{{1,9}}{fraction}"
    whole = (
        f"0*[1-9][0-9]{{0,{rule.digits - 1}}}"
        if rule.positive
        else f"0*[0-9]{{1,{rule.digits}}}"
    )
    return whole + fraction


def pattern_parameters():
    """The character classes the text rules refer to, as query parameters."""
    control, invisible = forbidden_classes()
    return {
        "text_forbidden": f"[{control}]",
        "address_forbidden": f"[{control}{invisible}]",
    }


# Characters that make one street or house look like another in the list of
# dwellings while being stored as a different one.
ADDRESS_FORBIDDEN = {"Cc", "Cf"}
TEXT_FORBIDDEN = {"Cc"}


@cache
def forbidden_classes():
    """The control (Cc) and format (Cf) characters as bracket-expression
    ranges. NUL is left out: PostgreSQL text cannot hold it, and the reader
    stands another control character in for it."""
    return ranges("Cc", start=1), ranges("Cf")


def ranges(category, start=0):
    found, first, previous = [], None, None
    for code in range(start, sys.maxunicode + 1):
        if unicodedata.category(chr(code)) != category:
            continue
        if previous is not None and code == previous + 1:
            previous = code
            continue
        if first is not None:
            found.append((first, previous))
        first = previous = code
    found.append((first, previous))
    return "".join(
        chr(low) if low == high else f"{chr(low)}-{chr(high)}" for low, high in found
    )


def message(name, code, value, decimal_mark):
    """The sentence for error ``code`` of field ``name`` holding ``value``, in
    a file whose format writes numbers with ``decimal_mark``."""
    rule = RULES[name]
    if code == "mark":
        return _(
            "written with «%(found)s», while this format's decimal mark is «%(mark)s»"
        ) % {"found": OTHER_MARK[decimal_mark], "mark": decimal_mark}
    if code == "forbidden":
        return forbidden_message(value, rule)
    if code == "too_long":
        return _("longer than %(limit)d characters") % {"limit": rule.max_length}
    if code == "digits":
        return too_many_digits(rule.digits)
    if code == "places":
        return _("more than %(places)d decimal places") % {"places": rule.places}
    if code == "year_range":
        return _("the year must be from %(first)d to %(last)d") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    return PLAIN_MESSAGES[code]()


PLAIN_MESSAGES = {
    "required": lambda: _("a value is required"),
    "not_number": lambda: _("not a number"),
    "negative": lambda: _("cannot be negative"),
    "zero": lambda: _("must be greater than zero"),
    "not_whole": lambda: _("not a whole number"),
    "persons": lambda: _("more than 100 persons in one dwelling"),
    "not_period": lambda: _("not a month in the form YYYY-MM"),
}


def too_many_digits(digits):
    return _("too large: more than %(digits)d digits before the decimal point") % {
        "digits": digits
    }


def forbidden_message(value, rule):
    forbidden = ADDRESS_FORBIDDEN if rule.address else TEXT_FORBIDDEN
    char = next(c for c in value if unicodedata.category(c) in forbidden)
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cc":
        return _("contains the control character %(code)s") % {"code": code}
    return _(
        "contains the invisible character %(code)s, which would make this "
        "address look like another one"
    ) % {"code": code}
