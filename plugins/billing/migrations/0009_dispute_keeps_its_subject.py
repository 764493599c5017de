"""A dispute names its account, service and month itself, so that it outlives
a charge a provider's corrected export withdraws."""

import django.db.models.deletion
from django.db import migrations, models


def copy_subject(apps, schema_editor):
    ChargeDispute = apps.get_model("billing", "ChargeDispute")
    for dispute in ChargeDispute.objects.select_related("charge"):
        dispute.account_id = dispute.charge.account_id
        dispute.service_id = dispute.charge.service_id
        dispute.period = dispute.charge.period
        dispute.save(update_fields=["account", "service", "period"])


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0008_import_progress"),
        ("directory", "0002_provider_requisites_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="chargedispute",
            name="account",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="disputes",
                to="billing.personalaccount",
                verbose_name="account",
            ),
        ),
        migrations.AddField(
            model_name="chargedispute",
            name="service",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.service",
                verbose_name="service",
            ),
        ),
        migrations.AddField(
            model_name="chargedispute",
            name="period",
            field=models.DateField(null=True, verbose_name="month"),
        ),
        migrations.RunPython(copy_subject, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="chargedispute",
            name="account",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="disputes",
                to="billing.personalaccount",
                verbose_name="account",
            ),
        ),
        migrations.AlterField(
            model_name="chargedispute",
            name="service",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.service",
                verbose_name="service",
            ),
        ),
        migrations.AlterField(
            model_name="chargedispute",
            name="period",
            field=models.DateField(verbose_name="month"),
        ),
        migrations.AlterField(
            model_name="chargedispute",
            name="charge",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="disputes",
                to="billing.charge",
                verbose_name="charge",
            ),
        ),
    ]
