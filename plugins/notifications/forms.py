from django import forms
from django.utils.translation import gettext_lazy as _

from cms.news.models import NewsKind
from plugins.notifications.models import Subscription

#: The kinds of news a resident may be told of; stories are read on the site.
TOLD_KINDS = [
    (kind, label)
    for kind, label in NewsKind.choices
    if kind
    in (NewsKind.OUTAGE, NewsKind.EVENT, NewsKind.CAMPAIGN, NewsKind.TARIFF_CHANGE)
]


class SubscriptionForm(forms.ModelForm):
    kinds = forms.TypedMultipleChoiceField(
        label=_("Tell me of"),
        choices=TOLD_KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Subscription
        fields = ["kinds", "only_mine", "email"]
