"""What staff fill in for each step: a request's message, a decision's number,
period and monthly amounts, a refusal's reason and explanation."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plugins.subsidies.choices import RejectionReason

KOPECK = Decimal("0.01")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RequestInformationForm(forms.Form):
    message = forms.CharField(
        label=_("What the applicant should add or correct"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ApproveForm(forms.Form):
    """The decision; one amount field per service of the dwelling, named
    ``amount_<service code>``. An empty amount grants nothing for that
    service; at least one must be given."""

    number = forms.CharField(label=_("Decision number"), max_length=40)
    period_from = forms.DateField(label=_("Subsidy from"), widget=DateInput)
    period_to = forms.DateField(label=_("Subsidy to"), widget=DateInput)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = list(services)
        for service in self.services:
            self.fields[self.amount_field(service)] = forms.DecimalField(
                label=_("%(service)s, UAH a month") % {"service": service.name},
                required=False,
                min_value=Decimal("0"),
                max_digits=12,
                decimal_places=2,
            )

    def clean_number(self):
        # The number reaches the providers in the decisions export; a
        # spreadsheet opening it runs a cell starting with = + - @ as a formula.
        number = self.cleaned_data["number"]
        if not (number[0].isalnum() or number[0] == "№"):
            raise ValidationError(
                _("A decision number starts with a letter, a digit or «№»."),
                code="number",
            )
        return number

    @staticmethod
    def amount_field(service):
        return f"amount_{service.code}"

    def amount_fields(self):
        return [self[self.amount_field(service)] for service in self.services]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period ends before it starts."))
        if not self.errors and not self.amounts():
            raise ValidationError(_("Give a monthly amount for at least one service."))
        return cleaned

    def amounts(self):
        """{Service: monthly amount} of the amounts given, in kopecks."""
        found = {}
        for service in self.services:
            value = self.cleaned_data.get(self.amount_field(service))
            if value is not None:
                found[service] = value.quantize(KOPECK, rounding=ROUND_HALF_UP)
        return found


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for refusal"), choices=RejectionReason.choices
    )
    text = forms.CharField(
        label=_("Explanation for the applicant"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
