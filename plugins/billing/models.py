from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.core.storage import private_storage
from cms.directory.models import Provider, Service
from cms.tariffs.models import ConsumptionNorm, Tariff
from plugins.billing.choices import (
    BillRunStatus,
    DwellingKind,
    ImportStatus,
    PaymentSource,
    VolumeBasis,
)

MONEY = {"max_digits": 12, "decimal_places": 2, "default": 0}


class Dwelling(models.Model):
    """A flat or a private house in the city that receives utility services and
    gets one consolidated bill a month."""

    street = models.CharField(_("street"), max_length=200)
    house = models.CharField(_("house"), max_length=20)
    apartment = models.CharField(_("apartment"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DwellingKind.choices,
        default=DwellingKind.APARTMENT,
    )
    total_area = models.DecimalField(
        _("total area, m²"), max_digits=8, decimal_places=2
    )
    heated_area = models.DecimalField(
        _("heated area, m²"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    registered_persons = models.PositiveSmallIntegerField(
        _("registered persons"), default=1
    )
    has_water_meter = models.BooleanField(_("water meter"), default=False)
    water_norm = models.ForeignKey(
        ConsumptionNorm,
        verbose_name=_("water norm category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    residents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked residents"),
        related_name="dwellings",
        blank=True,
    )

    class Meta:
        ordering = ["street", "house", "apartment"]
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "house", "apartment"], name="dwelling_unique_address"
            )
        ]

    def __str__(self):
        return self.address

    @property
    def address(self):
        text = f"{self.street}, {self.house}"
        if self.apartment:
            text += f", кв. {self.apartment}"
        return text


class PersonalAccount(models.Model):
    """A dwelling's account at one provider: the number and access code printed
    on the provider's bills, and the payer it is opened for."""

    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        on_delete=models.CASCADE,
        related_name="accounts",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    number = models.CharField(_("account number"), max_length=30)
    access_code = models.CharField(_("access code"), max_length=20)
    payer_name = models.CharField(_("payer"), max_length=200)

    class Meta:
        ordering = ["provider__short_name", "number"]
        verbose_name = _("personal account")
        verbose_name_plural = _("personal accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "number"], name="account_unique_number_per_provider"
            )
        ]

    def __str__(self):
        return f"{self.provider.code} {self.number}"


class Charge(models.Model):
    """What one account was charged for one service in one month, and how its
    balance moved: opening balance, charge, benefit, subsidy, recalculation,
    payments, closing balance. A positive closing balance is a debt.

    A city's month adds a million charges, and every index costs each of them
    an insert: the account needs no index of its own (the unique month leads
    with it), and an index of a handful of services would never be read.

    The service and the tariff are not foreign keys in the database: checked
    row by row at commit, a handful of directory rows cost a million charges
    a third of their import. The import checks and locks them for the whole
    file at once (``importing.merging.lock_directory``), Django refuses to
    delete one that a charge names, and a trigger of migration 0012 refuses
    it to any other statement."""

    account = models.ForeignKey(
        PersonalAccount,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="charges",
        db_index=False,
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month."))
    opening_balance = models.DecimalField(_("opening balance"), **MONEY)
    volume = models.DecimalField(
        _("volume"), max_digits=12, decimal_places=3, default=0
    )
    volume_basis = models.CharField(
        _("volume basis"),
        max_length=20,
        choices=VolumeBasis.choices,
        default=VolumeBasis.METER,
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    price = models.DecimalField(_("tariff"), max_digits=12, decimal_places=4)
    tariff = models.ForeignKey(
        Tariff,
        verbose_name=_("tariff in force"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    charged = models.DecimalField(_("charged"), **MONEY)
    benefit = models.DecimalField(_("benefit"), **MONEY)
    subsidy = models.DecimalField(_("subsidy"), **MONEY)
    recalculation = models.DecimalField(_("recalculation"), **MONEY)
    paid = models.DecimalField(_("paid"), **MONEY)
    closing_balance = models.DecimalField(_("closing balance"), **MONEY)

    class Meta:
        ordering = ["period", "service__sort_order"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "service", "period"], name="charge_unique_month"
            )
        ]
        indexes = [models.Index(fields=["period"])]

    def __str__(self):
        return f"{self.account} {self.service.code} {self.period:%Y-%m}"

    @property
    def to_pay(self):
        """What the bill asks for this service: the debt, never a negative sum."""
        return max(self.closing_balance, 0)


class Payment(models.Model):
    """Money a payer paid into a personal account, as confirmed by the bank,
    the online gateway or the provider's export."""

    account = models.ForeignKey(
        PersonalAccount,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="payments",
    )
    paid_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=20, choices=PaymentSource.choices)
    reference = models.CharField(
        _("reference"),
        max_length=64,
        help_text=_("The bank's or provider's id of the payment."),
    )
    confirmed = models.BooleanField(_("confirmed by the provider"), default=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "source", "reference"],
                name="payment_unique_reference",
            )
        ]

    def __str__(self):
        return f"{self.account} {self.paid_on} {self.amount}"


class SubsidyGrant(models.Model):
    """A housing subsidy the social-protection office granted a dwelling for one
    service: the sum a month the state pays the provider instead of the
    household, from the first month of the decision to its last.

    Billing keeps the grant itself, not only the charges it changed, so that a
    month the provider exports later in the period gets it too, and providers
    can download the decisions in force."""

    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        on_delete=models.CASCADE,
        related_name="subsidy_grants",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    monthly = models.DecimalField(_("a month, UAH"), max_digits=12, decimal_places=2)
    period_from = models.DateField(
        _("first month"), help_text=_("The first day of the month.")
    )
    period_to = models.DateField(
        _("last month"), help_text=_("The first day of the month, included.")
    )
    reference = models.CharField(_("decision number"), max_length=40)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["period_from", "service__sort_order"]
        verbose_name = _("subsidy grant")
        verbose_name_plural = _("subsidy grants")
        permissions = [
            ("export_subsidygrant", _("Can export subsidy decisions for a provider"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dwelling", "service", "reference"],
                name="subsidy_grant_unique_service_per_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")),
                name="subsidy_grant_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.dwelling_id} {self.service_id}"


class BillingImport(models.Model):
    """One monthly billing export a provider uploaded, kept as a record of what
    was applied or why it was rejected."""

    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="imports",
    )
    file_name = models.CharField(_("file"), max_length=255)
    # The upload, kept only until a background import has read it: provider
    # exports name every payer, and the import log needs only the checksum.
    file = models.FileField(
        _("uploaded file"),
        upload_to="billing-imports/%Y/%m/",
        storage=private_storage,
        blank=True,
    )
    format_name = models.CharField(_("file layout"), max_length=50, blank=True)
    month = models.DateField(
        _("month"),
        null=True,
        blank=True,
        help_text=_("When given, every row of the file must be for this month."),
    )
    new_accounts = models.BooleanField(
        _("may open new accounts"),
        default=True,
        help_text=_(
            "When not ticked, a row of a personal account the portal does not "
            "know is an error."
        ),
    )
    sha256 = models.CharField(_("checksum"), max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    expected_rows = models.PositiveIntegerField(
        _("rows expected"),
        default=0,
        help_text=_("The file's line count, to show how far reading has got."),
    )
    rows_changed = models.PositiveIntegerField(_("rows changed"), default=0)
    errors = models.JSONField(
        _("errors"),
        default=list,
        blank=True,
        help_text=_("The first 1,000 errors of the file, by line."),
    )
    error_count = models.PositiveIntegerField(
        _("number of errors"),
        default=0,
        help_text=_("All errors found, including those not kept."),
    )
    periods = models.CharField(
        _("months"),
        max_length=255,
        blank=True,
        help_text=_("The months the file's rows are for, such as 2026-10, 2026-11."),
    )
    duration_ms = models.PositiveIntegerField(
        _("duration, ms"),
        default=0,
        help_text=_("How long reading, checking and applying the file took."),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("billing import")
        verbose_name_plural = _("billing imports")

    def __str__(self):
        return f"{self.provider.code} {self.file_name} ({self.get_status_display()})"


class SettlementCertificate(models.Model):
    """A settlement certificate ("довідка про стан розрахунків") the portal issued
    to a resident: the debt or prepayment of a dwelling per service on a date.

    ``figures`` is a snapshot of what the certificate states, so its public
    verification page shows what was issued even after the billing data changes.
    """

    code = models.CharField(_("verification code"), max_length=16, unique=True)
    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    issued_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued to"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    as_of = models.DateField(_("as of"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("settlement certificate")
        verbose_name_plural = _("settlement certificates")

    def __str__(self):
        return f"{self.code} {self.as_of}"


class ReadingSource(models.TextChoices):
    RESIDENT = "resident", _("resident")
    PROVIDER = "provider", _("provider")


class Meter(models.Model):
    """A water or heat meter installed in a dwelling, read for the provider that
    bills its service through one of the dwelling's personal accounts."""

    account = models.ForeignKey(
        PersonalAccount,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="meters",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    serial_number = models.CharField(_("serial number"), max_length=40)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    verified_on = models.DateField(_("last verified on"), null=True, blank=True)

    class Meta:
        ordering = ["service__sort_order", "serial_number"]
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "service", "serial_number"],
                name="meter_unique_serial_per_account",
            )
        ]

    def __str__(self):
        return f"{self.service.code} {self.serial_number}"


class MeterReading(models.Model):
    """What a meter showed on a day, as a resident submitted it or the provider
    recorded it. At most one reading per meter and day; the provider bills from
    the latest reading of each month."""

    meter = models.ForeignKey(
        Meter,
        verbose_name=_("meter"),
        on_delete=models.CASCADE,
        related_name="readings",
    )
    value = models.DecimalField(_("reading"), max_digits=12, decimal_places=3)
    taken_on = models.DateField(_("taken on"))
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=ReadingSource.choices,
        default=ReadingSource.RESIDENT,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        permissions = [
            ("export_meterreading", _("Can export meter readings for a provider"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "taken_on"], name="reading_unique_day"
            )
        ]
        indexes = [models.Index(fields=["taken_on"])]

    def __str__(self):
        return f"{self.meter} {self.taken_on} {self.value}"


class ProviderStaff(models.Model):
    """A person who works for a provider and answers its residents' disputes.

    An explicit user–provider row rather than a group per provider: a group
    would tie a provider to a group by its name, while this row is one join in
    the query that filters the admin list, and one person may serve several
    providers with a row each.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="provider_roles",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider"], name="provider_staff_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.provider.code}"


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    RESOLVED = "resolved", _("resolved")
    REJECTED = "rejected", _("rejected")


class ChargeDispute(models.Model):
    """A resident's objection to one charge on the bill, sent to the provider
    that charged it, and the provider's answer.

    The dispute names its account, service and month itself: a provider's
    corrected export may withdraw the charge, and the resident must still see
    what they disputed and what became of it."""

    charge = models.ForeignKey(
        Charge,
        verbose_name=_("charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
        # Charges are partitioned by month: no key of theirs is the id alone.
        # A trigger lets go of a deleted charge (migration 0014).
        db_constraint=False,
    )
    account = models.ForeignKey(
        PersonalAccount,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="disputes",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField(_("month"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("what is wrong"))
    expected_amount = models.DecimalField(
        _("expected amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DisputeStatus.choices,
        default=DisputeStatus.OPEN,
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("charge dispute")
        verbose_name_plural = _("charge disputes")

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.charge is not None and self.account_id is None:
            self.account = self.charge.account
            self.service = self.charge.service
            self.period = self.charge.period
        super().save(*args, **kwargs)

    @property
    def subject(self):
        """What is disputed, as a charge names itself: "PVK 100234 water 2026-11"."""
        return f"{self.account} {self.service.code} {self.period:%Y-%m}"


class AccessLevel(models.TextChoices):
    VIEW = "view", _("view")
    VIEW_AND_PAY = "view_pay", _("view and pay")


class DwellingAccess(models.Model):
    """Access an owner of a dwelling gave a relative or carer: they see the
    dwelling in their cabinet and, at "view and pay", may pay its bills."""

    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    level = models.CharField(_("access"), max_length=20, choices=AccessLevel.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        ordering = ["granted_at"]
        verbose_name = _("delegated access")
        verbose_name_plural = _("delegated access")
        constraints = [
            models.UniqueConstraint(
                fields=["dwelling", "user"], name="dwelling_access_unique"
            )
        ]

    def __str__(self):
        return f"{self.dwelling_id} {self.user_id} {self.level}"


class AccessKind(models.TextChoices):
    PAGE = "page", _("dwelling page")
    BILL = "bill", _("bill")
    CERTIFICATE = "certificate", _("certificate")


class AccessLogEntry(models.Model):
    """One opening of a dwelling's data by an owner or a delegate, so owners see
    who looked at their bills and when."""

    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        on_delete=models.CASCADE,
        related_name="access_log",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    what = models.CharField(_("what"), max_length=20, choices=AccessKind.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["dwelling", "-at"])]

    def __str__(self):
        return f"{self.dwelling_id} {self.what} {self.at}"


class BillRun(models.Model):
    """The month-end making of every dwelling's bill for one month: how many
    dwellings had charges, how many bills are stored and how many failed.
    Background tasks work through the dwellings in chunks and advance the
    counts as they go."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=BillRunStatus.choices,
        default=BillRunStatus.RUNNING,
    )
    total = models.PositiveIntegerField(_("dwellings"), default=0)
    done = models.PositiveIntegerField(_("bills made"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("bill run")
        verbose_name_plural = _("bill runs")

    def __str__(self):
        return f"{self.month:%Y-%m} #{self.pk}"


class BillRunOutcome(models.Model):
    """What became of one dwelling's bill in a run: made, or failed and why.
    One row per dwelling and run, so a chunk run twice counts each dwelling
    once."""

    run = models.ForeignKey(
        BillRun,
        verbose_name=_("bill run"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    ok = models.BooleanField(_("made"))
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bill run outcome")
        verbose_name_plural = _("bill run outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "dwelling"], name="bill_outcome_once_per_run"
            )
        ]

    def __str__(self):
        return f"{self.run_id} {self.dwelling_id} {self.ok}"


class StoredBill(models.Model):
    """A dwelling's monthly bill as made at month end, kept as a PDF in the
    private storage so the cabinet hands it out without laying it out again.

    ``digest`` fingerprints what the bill printed; a provider's later
    correction of the month changes it, and the cabinet then renders anew
    rather than serve a bill that no longer holds."""

    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        on_delete=models.CASCADE,
        related_name="stored_bills",
    )
    period = models.DateField(_("month"))
    file = models.FileField(
        _("file"), upload_to="bills/", storage=private_storage, max_length=200
    )
    digest = models.CharField(_("content digest"), max_length=64)
    run = models.ForeignKey(
        BillRun,
        verbose_name=_("bill run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made"), auto_now=True)

    class Meta:
        verbose_name = _("stored bill")
        verbose_name_plural = _("stored bills")
        constraints = [
            models.UniqueConstraint(
                fields=["dwelling", "period"], name="stored_bill_once_per_month"
            )
        ]

    def __str__(self):
        return f"{self.dwelling_id} {self.period:%Y-%m}"
