"""A household's application for a housing subsidy, what it declares, the
documents it attaches, and every step the office took on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.storage import private_storage
from plugins.subsidies.choices import (
    ApplicationStatus,
    FormKind,
    IncomeKind,
    RejectionReason,
    Relation,
)

MONEY = {"max_digits": 12, "decimal_places": 2}


class SubsidyApplication(models.Model):
    """One household's application for one dwelling; the resident edits it
    while it is a draft or while the office waits for information."""

    dwelling = models.ForeignKey(
        "billing.Dwelling",
        verbose_name=_("dwelling"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="subsidy_applications",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What billing said of the dwelling when the draft was started: address,
    # area, persons, services and providers, current charges.
    prefill = models.JSONField(_("from the billing records"), default=dict)
    has_other_property = models.BooleanField(
        _("owns other housing or land"), null=True, blank=True
    )
    property_details = models.TextField(_("property details"), blank=True)
    has_large_purchases = models.BooleanField(
        _("made large purchases in the last year"), null=True, blank=True
    )
    purchases_details = models.TextField(_("purchase details"), blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)

    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    period_from = models.DateField(_("subsidy from"), null=True, blank=True)
    period_to = models.DateField(_("subsidy to"), null=True, blank=True)
    rejection_reason = models.CharField(
        _("reason for refusal"),
        max_length=20,
        choices=RejectionReason.choices,
        blank=True,
    )
    rejection_text = models.TextField(_("refusal explained"), blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("subsidy application")
        verbose_name_plural = _("subsidy applications")

    def __str__(self):
        return f"{self.pk} {self.status}"


class HouseholdMember(models.Model):
    """A person of the household: the applicant or one living with them."""

    application = models.ForeignKey(
        SubsidyApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    full_name = models.CharField(_("surname, name, patronymic"), max_length=200)
    birth_date = models.DateField(_("date of birth"))
    relation = models.CharField(
        _("relation to the applicant"), max_length=20, choices=Relation.choices
    )
    rnokpp = models.CharField(_("РНОКПП"), max_length=10, blank=True)
    no_rnokpp_reason = models.CharField(
        _("why there is no РНОКПП"), max_length=200, blank=True
    )
    registered_here = models.BooleanField(_("registered at the address"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self):
        return self.full_name


class Income(models.Model):
    """One kind of a member's income over the period the rules ask for."""

    member = models.ForeignKey(
        HouseholdMember,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="incomes",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncomeKind.choices)
    amount = models.DecimalField(_("amount, UAH"), **MONEY)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("income")
        verbose_name_plural = _("incomes")

    def __str__(self):
        return f"{self.kind} {self.amount}"


class SubsidyDocument(models.Model):
    """A scan or photo attached to the application, kept out of public media."""

    application = models.ForeignKey(
        SubsidyApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    member = models.ForeignKey(
        HouseholdMember,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("what it is"), max_length=200)
    file = models.FileField(
        _("file"), upload_to="subsidies/%Y/%m/", storage=private_storage
    )
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class SubmittedForm(models.Model):
    """A PDF of the application or of the declaration as the office received
    it: made each time the resident sends, never changed, and kept when a
    later sending makes a new one."""

    application = models.ForeignKey(
        SubsidyApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="submitted_forms",
    )
    kind = models.CharField(_("form"), max_length=20, choices=FormKind.choices)
    file = models.FileField(
        _("file"), upload_to="subsidies/forms/%Y/%m/", storage=private_storage
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self):
        return f"{self.application_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class SubsidyAmount(models.Model):
    """The monthly subsidy the decision grants for one service."""

    application = models.ForeignKey(
        SubsidyApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="amounts",
    )
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    monthly = models.DecimalField(_("a month, UAH"), **MONEY)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("subsidy amount")
        verbose_name_plural = _("subsidy amounts")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "service"], name="subsidy_amount_per_service"
            )
        ]

    def __str__(self):
        return f"{self.service_id} {self.monthly}"


class Transition(models.Model):
    """A recorded step of an application: who moved it from which status to
    which, when, and what they wrote."""

    application = models.ForeignKey(
        SubsidyApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ApplicationStatus.choices
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=ApplicationStatus.choices
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"
