"""Forms of the resident's cabinet."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cms.directory.models import Provider
from plugins.billing.models import PersonalAccount


def providers_with_accounts():
    """Only providers whose accounts the portal holds can be linked."""
    has_accounts = PersonalAccount.objects.filter(provider=OuterRef("pk"))
    return Provider.objects.filter(Exists(has_accounts)).order_by("short_name")


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class LinkDwellingForm(forms.Form):
    """A personal account number of any provider and the access code printed on
    that provider's bill."""

    provider = ProviderChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.none(),
        empty_label=_("Choose the provider from the bill"),
    )
    number = forms.CharField(
        label=_("Personal account number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        help_text=_("Printed on the bill next to the personal account number."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers_with_accounts()
