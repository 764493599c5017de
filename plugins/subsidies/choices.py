from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Other screens use the same words of other things (an approved tariff), so
# these carry a context of their own.


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("subsidy application", "draft")
    SUBMITTED = "submitted", pgettext_lazy("subsidy application", "submitted")
    IN_REVIEW = "in_review", pgettext_lazy("subsidy application", "in review")
    NEEDS_INFO = (
        "needs_info",
        pgettext_lazy("subsidy application", "information requested"),
    )
    APPROVED = "approved", pgettext_lazy("subsidy application", "approved")
    REJECTED = "rejected", pgettext_lazy("subsidy application", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("subsidy application", "withdrawn")


class Relation(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    SPOUSE = "spouse", _("husband or wife")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    OTHER = "other", _("other relative or person")


class IncomeKind(models.TextChoices):
    SALARY = "salary", _("wages")
    PENSION = "pension", _("pension")
    BENEFITS = "benefits", _("social benefits")
    BUSINESS = "business", _("business income")
    STUDY = "study", _("student grant")
    OTHER = "other", _("other income")


class FormKind(models.TextChoices):
    APPLICATION = "application", _("application for a housing subsidy")
    DECLARATION = "declaration", _("declaration of incomes and property")


class RejectionReason(models.TextChoices):
    INCOME = "income", _("the household's income is above the limit")
    DOCUMENTS = "documents", _("documents missing after the request")
    PROPERTY = "property", _("property or purchases exclude the subsidy")
    ARREARS = "arrears", _("debt for housing and utility services")
    OTHER = "other", _("another reason, given in the text")
