"""An application's screen: everything the resident sent, the dwelling's
charges now, the history, and the steps the office may take."""

from datetime import date
from decimal import Decimal

from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from plugins.billing import services as billing
from plugins.subsidies import rules
from plugins.subsidies.form_links import submitted_form_links
from plugins.subsidies.models import HouseholdMember, SubsidyDocument
from plugins.subsidies.office.actions import available_steps
from plugins.subsidies.office.names import person_name
from plugins.subsidies.office.opening import OpenedApplicationView

ZERO = Decimal("0.00")


def prefilled_services(application):
    """The services billing listed when the draft was started, each month
    read back into a date."""
    rows = []
    for row in application.prefill.get("services", []):
        month = row.get("month")
        rows.append({**row, "month": date.fromisoformat(month) if month else None})
    return rows


def household(application):
    """The members in the order the resident gave them, each with its incomes
    and ``income_total``, in two queries."""
    members = list(
        HouseholdMember.objects.filter(application=application).prefetch_related(
            "incomes"
        )
    )
    for member in members:
        member.income_total = sum(
            (income.amount for income in member.incomes.all()), ZERO
        )
    return members


def documents(application):
    return list(
        SubsidyDocument.objects.filter(application=application).select_related("member")
    )


class ApplicationScreen(OpenedApplicationView):
    """The application's screen. Who may see it: the social-protection office
    (the view permission on applications), for a sent application only;
    anyone else gets 403, and a draft or an unknown number 404."""

    template_name = "subsidies/admin/application.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, None)

    def get_page_title(self):
        return _("Subsidy application")

    def get_template_names(self):
        return [self.template_name]

    def income_period(self):
        return rules.income_period(localdate(self.instance.submitted_at))

    def charges_now(self):
        charges = billing.latest_account_charges(self.instance.dwelling)
        return charges, billing.totals(charges)

    def history(self):
        return self.instance.transitions.select_related("by")

    def steps(self):
        return [
            {
                "step": step,
                "url": self.url_helper.get_action_url(step.name, self.pk_quoted),
            }
            for step in available_steps(self.instance, self.request.user)
        ]

    def get_context_data(self, **kwargs):
        application = self.instance
        members = household(application)
        charges, charge_totals = self.charges_now()
        context = {
            "application": application,
            "dwelling": application.prefill,
            "prefilled_services": prefilled_services(application),
            "applicant_account": person_name(application.applicant),
            "handler": person_name(application.assignee),
            "members": members,
            "income_period": self.income_period(),
            "income_total": sum((m.income_total for m in members), ZERO),
            "documents": documents(application),
            "charges": charges,
            "charge_totals": charge_totals,
            "history": self.history(),
            "steps": self.steps(),
            "amounts": application.amounts.select_related("service"),
            "generated_forms": submitted_form_links(application),
        }
        context.update(kwargs)
        return super().get_context_data(**context)
