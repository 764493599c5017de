from django.db import models
from django.utils.translation import gettext_lazy as _


class DwellingKind(models.TextChoices):
    APARTMENT = "apartment", _("apartment in a multi-apartment building")
    HOUSE = "house", _("private house")


class VolumeBasis(models.TextChoices):
    METER = "meter", _("by meter")
    NORM = "norm", _("by norm")
    AREA = "area", _("by area")
    PERSONS = "persons", _("by registered persons")
    FIXED = "fixed", _("fixed")


class PaymentSource(models.TextChoices):
    BANK = "bank", _("bank branch")
    ONLINE = "online", _("online payment")
    PROVIDER = "provider", _("provider's cash desk")
    IMPORT = "import", _("provider's export")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("in progress")
    APPLIED = "applied", _("applied")
    REJECTED = "rejected", _("rejected")


class BillRunStatus(models.TextChoices):
    RUNNING = "running", _("in progress")
    FINISHED = "finished", _("finished")
