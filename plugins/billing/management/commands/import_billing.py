"""``manage.py import_billing FILE --provider CODE [--format NAME] [--month
YYYY-MM]``: apply a monthly export."""

import argparse
import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.directory.models import Provider
from plugins.billing import importing, services
from plugins.billing.months import parse_month

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Load a provider's monthly billing export (CSV or DBF, see "
        "docs/formats.md). "
        "The file is applied completely or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="path to the export")
        parser.add_argument(
            "--provider", required=True, help="the provider's code, e.g. PVK"
        )
        parser.add_argument(
            "--format",
            dest="format_name",
            help=(
                "the file layout in plugins/billing/formats; by default the one "
                "named after the provider's code, else 'portal'"
            ),
        )
        parser.add_argument(
            "--known-accounts-only",
            action="store_true",
            help="refuse rows of personal accounts the portal does not know yet",
        )
        parser.add_argument(
            "--month",
            type=month_argument,
            help="YYYY-MM: refuse the file if any row is for another month",
        )

    # No @no_translations: with no language activated, Django translates into
    # the settings' LANGUAGE_CODE, so a Ukrainian city's operators read Ukrainian.
    # The log lines stay English for grepping.
    def handle(
        self,
        *args,
        file,
        provider,
        format_name=None,
        month=None,
        known_accounts_only=False,
        **options,
    ):
        provider = self.find_provider(provider)
        export_format = self.find_format(format_name, provider)
        data = self.read(file)

        try:
            report = services.import_billing_export(
                provider,
                data,
                file.name,
                export_format=export_format,
                month=month,
                new_accounts=not known_accounts_only,
            )
        except Exception:
            # Not even the rejection could be recorded, e.g. the database is
            # gone: the operator gets a sentence, the log the traceback.
            logger.exception("import of provider %s could not run", provider.code)
            raise CommandError(
                _(
                    "The import failed because of an internal error and was not "
                    "recorded; nothing was changed. The details are in the "
                    "portal's log."
                )
            ) from None

        if report.rejected:
            for error in report.errors:
                self.stderr.write(str(error))
            if more := report.error_count - len(report.errors):
                self.stderr.write(
                    ngettext(
                        "… and %(count)d more error",
                        "… and %(count)d more errors",
                        more,
                    )
                    % {"count": more}
                )
            raise CommandError(rejection(report))
        self.stdout.write(self.style.SUCCESS(summary(report)))

    def find_provider(self, code):
        try:
            return Provider.objects.get(code__iexact=code)
        except Provider.DoesNotExist:
            raise CommandError(
                _("No provider with the code %(code)s.") % {"code": repr(code)}
            ) from None

    def find_format(self, name, provider):
        if name is None:
            # A provider whose layout is described gets it without asking.
            own = provider.code.lower()
            name = own if own in importing.format_names() else importing.DEFAULT_FORMAT
        try:
            return importing.load_format(name)
        except importing.FormatError as error:
            raise CommandError(str(error)) from None

    def read(self, file):
        try:
            return file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.")
                % {"file": file, "reason": error.strerror}
            ) from None


def month_argument(value):
    try:
        return parse_month(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def rejection(report):
    """``Import 7 rejected: 2 errors. The file has 3 data rows; nothing was
    changed.``"""
    errors = report.error_count
    rows = report.record.rows
    return " ".join(
        [
            ngettext(
                "Import %(id)s rejected: %(count)d error.",
                "Import %(id)s rejected: %(count)d errors.",
                errors,
            )
            % {"id": report.record.pk, "count": errors},
            ngettext(
                "The file has %(count)d data row; nothing was changed.",
                "The file has %(count)d data rows; nothing was changed.",
                rows,
            )
            % {"count": rows},
        ]
    )


def summary(report):
    result = report.result
    headline = ngettext(
        "Import %(id)s applied: %(count)d row, %(changed)d of them changed.",
        "Import %(id)s applied: %(count)d rows, %(changed)d of them changed.",
        result.rows,
    ) % {"id": report.record.pk, "count": result.rows, "changed": result.changed}
    # "Label: number" needs no plural agreement in either language.
    details = _(
        "Charges created: %(charges_created)d, updated: %(charges_updated)d; "
        "accounts created: %(accounts_created)d, updated: %(accounts_updated)d; "
        "dwellings created: %(dwellings_created)d."
    ) % {
        "charges_created": result.charges_created,
        "charges_updated": result.charges_updated,
        "accounts_created": result.accounts_created,
        "accounts_updated": result.accounts_updated,
        "dwellings_created": result.dwellings_created,
    }
    return f"{headline} {details}"
