from django import forms
from django.utils.translation import gettext_lazy as _

from plugins.payments.services import MAX_AMOUNT


class PaymentForm(forms.Form):
    """One account of the dwelling and the amount to pay into it."""

    account = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(
        label=_("Amount, UAH"),
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        max_value=MAX_AMOUNT,
        # Residents type a comma, browsers' number fields send a point.
        localize=True,
    )
