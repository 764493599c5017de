"""Checks of Ukrainian requisites: the check digit of ЄДРПОУ and the IBAN."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.exceptions import ValidationError as NumberError
from stdnum.ua import edrpou


def validate_edrpou(value):
    try:
        edrpou.validate(value)
    except NumberError as error:
        raise ValidationError(
            _("%(value)s is not a valid ЄДРПОУ code: %(reason)s"),
            code="invalid_edrpou",
            params={"value": value, "reason": error.message},
        ) from error


def validate_iban(value):
    try:
        iban = IBAN(value)
    except SchwiftyException as error:
        raise ValidationError(
            _("%(value)s is not a valid IBAN: %(reason)s"),
            code="invalid_iban",
            params={"value": value, "reason": str(error)},
        ) from error
    if iban.country_code != "UA":
        raise ValidationError(
            _("%(value)s is not a Ukrainian IBAN (it must start with UA)."),
            code="foreign_iban",
            params={"value": value},
        )
