"""Every row of the tables an operation touches, to compare before and after."""

from django.apps import apps

#: The tables imports, payments and subsidy decisions write, by model label.
TOUCHED = (
    "billing.Dwelling",
    "billing.PersonalAccount",
    "billing.Charge",
    "billing.ChargeDispute",
    "billing.Payment",
    "billing.Meter",
    "billing.MeterReading",
    "billing.SubsidyGrant",
    "billing.BillingImport",
    "payments.OnlinePayment",
    "payments.CallbackLog",
    "notifications.Notice",
    "notifications.Told",
    "subsidies.SubsidyApplication",
    "subsidies.Transition",
    "subsidies.SubsidyAmount",
    "subsidies.SubmittedForm",
    "audit.AuditEntry",
)


def snapshot(labels=TOUCHED):
    """The contents of each table, row by row in key order; a many-to-many
    link of a model shows as its through table's rows."""
    tables = {}
    for label in labels:
        model = apps.get_model(label)
        tables[label] = list(model.objects.order_by("pk").values())
        for link in model._meta.local_many_to_many:
            through = link.remote_field.through
            tables[through._meta.label] = list(through.objects.order_by("pk").values())
    return tables


def changed_tables(before, after):
    """The labels of the tables whose rows differ."""
    return sorted(label for label in before if before[label] != after[label])
