from django.utils.translation import gettext_lazy as _

from cms.core.plugins import PortalPlugin


class SubsidiesConfig(PortalPlugin):
    """Housing subsidy: the resident's application from the cabinet and the
    social-protection office's review and decision.

    It reads dwellings and charges only through ``plugins.billing.services``.
    """

    name = "plugins.subsidies"
    label = "subsidies"
    verbose_name = _("Housing subsidies")
    url_prefix = "cabinet/subsidies/"

    def ready(self):
        super().ready()
        # receivers connects the decision to billing as it is imported.
        from plugins.subsidies import notices, receivers, signals  # noqa: F401

        signals.application_moved.connect(
            notices.notify_applicant, dispatch_uid="subsidies_notify_applicant"
        )
        signals.application_moved.connect(
            notices.notify_officer, dispatch_uid="subsidies_notify_officer"
        )

        from cms.users.personal_data import (
            register_personal_data,
            register_personal_data_eraser,
        )
        from plugins.subsidies.personal_data import (
            erase_subsidy_drafts_of,
            subsidies_data_of,
        )

        register_personal_data("subsidies", subsidies_data_of)
        register_personal_data_eraser("subsidies", erase_subsidy_drafts_of)

        from cms import audit
        from plugins.subsidies.models import SubsidyApplication

        audit.record_deletions(
            SubsidyApplication, "subsidies.application.deleted", application_facts
        )


def application_facts(application):
    return {"status": application.status, "dwelling_id": application.dwelling_id}
