"""Checks of Ukrainian requisites: the check digit of ЄДРПОУ and the IBAN."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty import exceptions as iban_errors
from stdnum import exceptions as number_errors
from stdnum.ua import edrpou

# The libraries explain a failure in English; residents and editors read these.
EDRPOU_REASONS = {
    number_errors.InvalidLength: _("it must have 8 digits"),
    number_errors.InvalidFormat: _("it may contain digits only"),
    number_errors.InvalidChecksum: _("its check digit does not match"),
}
IBAN_REASONS = {
    iban_errors.InvalidLength: _("its length is wrong for the country"),
    iban_errors.InvalidStructure: _("it contains characters an IBAN cannot have"),
    iban_errors.InvalidChecksumDigits: _("its check digits do not match"),
    iban_errors.InvalidCountryCode: _("it does not start with a country code"),
    iban_errors.InvalidBankCode: _("its bank code is unknown"),
}


def reason_for(error, reasons):
    for kind, reason in reasons.items():
        if isinstance(error, kind):
            return reason
    return _("it is not well formed")


def validate_edrpou(value):
    try:
        edrpou.validate(value)
    except number_errors.ValidationError as error:
        raise ValidationError(
            _("%(value)s is not a valid ЄДРПОУ code: %(reason)s."),
            code="invalid_edrpou",
            params={"value": value, "reason": reason_for(error, EDRPOU_REASONS)},
        ) from error


def validate_iban(value):
    try:
        iban = IBAN(value)
    except iban_errors.SchwiftyException as error:
        raise ValidationError(
            _("%(value)s is not a valid IBAN: %(reason)s."),
            code="invalid_iban",
            params={"value": value, "reason": reason_for(error, IBAN_REASONS)},
        ) from error
    if iban.country_code != "UA":
        raise ValidationError(
            _("%(value)s is not a Ukrainian IBAN (it must start with UA)."),
            code="foreign_iban",
            params={"value": value},
        )
