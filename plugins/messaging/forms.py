from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cms.users.display_names import normalised
from plugins.messaging import services
from plugins.messaging.models import BODY_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NewConversationForm(MessageForm):
    """Whom to write to, by their exact display name in any letter case."""

    field_order = ["recipient", "body"]

    recipient = forms.CharField(label=_("Display name of the recipient"), max_length=60)

    def clean_recipient(self):
        user = services.find_by_display_name(self.cleaned_data["recipient"])
        if user is None:
            raise forms.ValidationError(_("Nobody on the portal has this name."))
        return user


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PreferencesForm(forms.ModelForm):
    """The user's public display name and whether to e-mail new messages."""

    email_on_message = forms.BooleanField(
        label=_("E-mail me about new messages"), required=False
    )

    class Meta:
        model = get_user_model()
        fields = ["display_name"]

    def clean_display_name(self):
        name = normalised(self.cleaned_data.get("display_name"))
        if not name:
            raise forms.ValidationError(_("Choose a name others will see."))
        taken = (
            get_user_model()
            .objects.filter(display_name__iexact=name)
            .exclude(pk=self.instance.pk)
        )
        if taken.exists():
            raise forms.ValidationError(_("This display name is already taken."))
        return name
