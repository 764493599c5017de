"""The forms of the resident's application, one per step. Every message names
the field, the member or the file it is about."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.money import format_number
from plugins.subsidies.choices import IncomeKind, Relation
from plugins.subsidies.models import MONEY, HouseholdMember
from plugins.subsidies.validation import clean_rnokpp, document_type

#: Most documents one application holds, and one upload adds: more than any
#: household needs, few enough that a script cannot fill the disk.
MAX_DOCUMENTS = 40
MAX_FILES_AT_ONCE = 10
OLDEST_BIRTH_DATE = date(1900, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MemberForm(forms.ModelForm):
    """A person of the household. The applicant's relation is fixed; anyone
    else's is one of the others."""

    class Meta:
        model = HouseholdMember
        fields = [
            "full_name",
            "birth_date",
            "relation",
            "rnokpp",
            "no_rnokpp_reason",
            "registered_here",
        ]
        widgets = {
            "birth_date": DateInput(),
            "rnokpp": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 10}
            ),
        }
        help_texts = {
            "full_name": _("As in the passport."),
            "rnokpp": _(
                "The ten-digit taxpayer registration number from the tax card (РНОКПП)."
            ),
            "no_rnokpp_reason": _(
                "Only for a person without a РНОКПП: for example, one who refused "
                "the number for religious reasons, with a mark in the passport."
            ),
        }

    def __init__(self, *args, is_applicant, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_applicant = is_applicant
        if is_applicant:
            del self.fields["relation"]
        else:
            self.fields["relation"].choices = [("", "---------")] + [
                choice for choice in Relation.choices if choice[0] != Relation.APPLICANT
            ]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise ValidationError(
                _("Write the surname and the name (and the patronymic, if any)."),
                code="short_name",
            )
        return name

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        if born > timezone.localdate():
            raise ValidationError(
                _("The date of birth cannot be in the future."), code="future"
            )
        if born < OLDEST_BIRTH_DATE:
            raise ValidationError(_("Check the year of birth."), code="too_old")
        return born

    def clean_rnokpp(self):
        value = self.cleaned_data["rnokpp"].strip()
        return clean_rnokpp(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("no_rnokpp_reason", "").strip()
        cleaned["no_rnokpp_reason"] = reason
        if "rnokpp" not in cleaned:
            return cleaned  # already refused, with its own message
        if not cleaned["rnokpp"] and not reason:
            self.add_error(
                "rnokpp",
                ValidationError(
                    _("Give the РНОКПП, or say below why the person has none."),
                    code="rnokpp_or_reason",
                ),
            )
        elif cleaned["rnokpp"] and reason:
            self.add_error(
                "no_rnokpp_reason",
                ValidationError(
                    _("Leave the reason empty: the РНОКПП is given."),
                    code="reason_with_rnokpp",
                ),
            )
        return cleaned

    def save(self, commit=True):
        if self.is_applicant:
            self.instance.relation = Relation.APPLICANT
        return super().save(commit)


class AmountField(forms.DecimalField):
    """An amount in hryvnias as people write it: ``1 234,56`` or ``1234.56``."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    # Digits with at most one decimal mark (the minus only so that a negative
    # sum gets its own message). Python reads more as a number: "1e5" would
    # declare a hundred thousand where the resident mistyped 105.
    WRITTEN = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)")

    def __init__(self, **kwargs):
        super().__init__(min_value=Decimal("0"), required=False, **MONEY, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s", "", value).replace(",", ".")
            if value and not self.WRITTEN.fullmatch(value):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value)
        return value


class IncomeForm(forms.Form):
    """Each member's income by kind over the declared months; an empty field
    is no income of that kind."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.rows = []
        for member in members:
            saved = {}
            for income in member.incomes.all():
                saved[income.kind] = (
                    saved.get(income.kind, Decimal("0")) + income.amount
                )
            fields = []
            for kind, label in IncomeKind.choices:
                name = self.field_name(member, kind)
                self.fields[name] = AmountField(
                    label=f"{member.full_name}: {label}", initial=saved.get(kind)
                )
                fields.append((label, self[name]))
            self.rows.append((member, fields))

    @staticmethod
    def field_name(member, kind):
        return f"member-{member.pk}-{kind}"

    def amounts(self):
        """{(member, kind): amount} of everything entered."""
        return {
            (member, kind): self.cleaned_data[self.field_name(member, kind)]
            for member in self.members
            for kind in IncomeKind.values
        }


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no(label, unanswered):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": unanswered},
    )


def answer_initial(value):
    return None if value is None else ("yes" if value else "no")


# A few sentences; anything longer would only slow the forms' PDFs down.
DETAILS_MAX = 2000


class PropertyForm(forms.Form):
    """Other housing or land, and large purchases: yes or no, and what when yes."""

    has_other_property = yes_no(
        _("Does anyone in the household own other housing or land?"),
        _("Say whether the household owns other housing or land."),
    )
    property_details = forms.CharField(
        label=_("What housing or land, where, and whose"),
        required=False,
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    has_large_purchases = yes_no(
        _(
            "Did anyone in the household make a large purchase in the last twelve "
            "months: housing, land, a car or other vehicle, building or repair "
            "work?"
        ),
        _("Say whether the household made large purchases in the last year."),
    )
    purchases_details = forms.CharField(
        label=_("What was bought, when and for how much"),
        required=False,
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def for_application(cls, application, data=None):
        return cls(
            data,
            initial={
                "has_other_property": answer_initial(application.has_other_property),
                "property_details": application.property_details,
                "has_large_purchases": answer_initial(application.has_large_purchases),
                "purchases_details": application.purchases_details,
            },
        )

    def clean(self):
        cleaned = super().clean()
        for answer, details, missing in (
            (
                "has_other_property",
                "property_details",
                _("You answered «yes»: describe the housing or land."),
            ),
            (
                "has_large_purchases",
                "purchases_details",
                _("You answered «yes»: describe the purchases."),
            ),
        ):
            text = cleaned.get(details, "").strip()
            if cleaned.get(answer) and not text:
                self.add_error(details, ValidationError(missing, code="details"))
            # Details of a «no» describe nothing and are not kept.
            cleaned[details] = text if cleaned.get(answer) else ""
        return cleaned

    def apply(self, application):
        for name in self.base_fields:
            setattr(application, name, self.cleaned_data[name])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if not data:
            return single(None, initial)  # refused as required
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class DocumentForm(forms.Form):
    """Scans or photos of one document, with what it is and whose."""

    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "PDF, JPEG, PNG or HEIC (a phone's photo), up to %(limit)s each; several "
            "pages of one document can be chosen at once."
        ),
        widget=MultipleFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/*"}
        ),
    )
    title = forms.CharField(
        label=_("What it is"),
        max_length=200,
        help_text=_("For example: passport, income certificate, pension certificate."),
    )
    member = forms.ModelChoiceField(
        label=_("Whose document"),
        queryset=HouseholdMember.objects.none(),
        required=False,
        empty_label=_("The whole household"),
    )

    def __init__(self, *args, application, members, held, limit_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = held
        self.fields["member"].queryset = application.members.all()
        self.fields["member"].choices = [("", _("The whole household"))] + [
            (member.pk, member.full_name) for member in members
        ]
        self.fields["files"].help_text = self.fields["files"].help_text % {
            "limit": limit_text
        }

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > MAX_FILES_AT_ONCE:
            raise ValidationError(
                _("Choose at most %(most)d files at once.")
                % {"most": MAX_FILES_AT_ONCE},
                code="too_many_at_once",
            )
        if self.held + len(uploads) > MAX_DOCUMENTS:
            raise ValidationError(
                _(
                    "An application holds at most %(most)d documents; remove one "
                    "you no longer need first."
                )
                % {"most": MAX_DOCUMENTS},
                code="too_many",
            )
        errors, self.content_types = [], []
        for upload in uploads:
            try:
                self.content_types.append(document_type(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return uploads


class ReviewForm(forms.Form):
    """The consent to the processing of personal data, and when the office
    asked for more, the answer to it."""

    consent = forms.BooleanField(
        # The very sentence the application's PDF prints above the date.
        label=_(
            "I consent to the processing of my personal data and of the data of "
            "my household's members by the social-protection office, to the "
            "extent needed to grant and pay the housing subsidy, in accordance "
            "with the Law of Ukraine «On Personal Data Protection»."
        ),
        error_messages={
            "required": _("Give your consent to the processing of personal data.")
        },
    )
    answer = forms.CharField(
        label=_("Your answer to the office"),
        help_text=_("What you corrected or added, in a few words."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, answering, **kwargs):
        super().__init__(*args, **kwargs)
        if not answering:
            del self.fields["answer"]
            return
        # The officer who asked reads this first: an answer is never empty.
        self.fields["answer"].required = True
        self.fields["answer"].error_messages["required"] = _(
            "Write to the office what you added or corrected."
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you withdraw it (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
