"""The steps staff take on an application, each a POST with CSRF under the
office's admin URLs that calls ``workflow``.

Who may take them: the social-protection office with the change permission
on applications; anyone else gets 403, and an application the office does not
see (a draft, another number) is 404. A step the application's status no
longer allows changes nothing and says why.
"""

import logging
from dataclasses import dataclass

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin import messages

from cms.directory.models import Service
from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.office.forms import (
    ApproveForm,
    RejectForm,
    RequestInformationForm,
)
from plugins.subsidies.office.opening import OpenedApplicationView

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    """A step as the screens offer it: its URL name, the status it leads to
    and the words on its button."""

    name: str
    to_status: str
    label: str


TAKE = Step("take", Status.IN_REVIEW, gettext_lazy("Take into work"))
REQUEST = Step(
    "request_information", Status.NEEDS_INFO, gettext_lazy("Request information")
)
APPROVE = Step(
    "approve", Status.APPROVED, pgettext_lazy("subsidy application", "Approve")
)
REJECT = Step("reject", Status.REJECTED, gettext_lazy("Reject"))
STEPS = (TAKE, REQUEST, APPROVE, REJECT)


def available_steps(application, user):
    """The steps ``user`` may take on the application in its status now; none
    on their own application."""
    if not workflow.may_handle(application, user):
        return []
    return [
        step
        for step in STEPS
        if workflow.STEPS.get((application.status, step.to_status)) == "staff"
    ]


def decision_services(application):
    """The directory's services the decision may cover: those billed to the
    dwelling when the application was started, in bill order; every service
    when billing had none to tell."""
    codes = [row["service"] for row in application.prefill.get("services", [])]
    services = Service.objects.order_by("sort_order", "name")
    if codes:
        services = services.filter(code__in=codes)
    return list(services)


class StepView(OpenedApplicationView):
    """One step: its form on GET (when it has one), the step itself on POST."""

    step = None
    form_class = None
    template_name = "subsidies/admin/step.html"
    http_method_names = ["get", "post"]

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_act(user)

    def get_page_title(self):
        return self.step.label

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data)

    def get(self, request, *args, **kwargs):
        if not self.allowed():
            return self.refuse(self.status_message())
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not self.allowed():
            return self.refuse(self.status_message())
        if not form.is_valid():
            return self.render(form)
        try:
            self.take_step(form)
        except workflow.TransitionRefusedError as refused:
            return self.refuse(*refused.problems)
        messages.success(request, self.success_message())
        return redirect(self.screen_url)

    def allowed(self):
        return self.step in available_steps(self.instance, self.request.user)

    def status_message(self):
        if self.instance.applicant_id == self.request.user.pk:
            return _(
                "Application № %(number)s is your own: a colleague handles it."
            ) % {"number": self.instance.pk}
        return _(
            "Application № %(number)s is %(status)s now: «%(step)s» is not possible."
        ) % {
            "number": self.instance.pk,
            "status": self.instance.get_status_display(),
            "step": self.step.label,
        }

    def refuse(self, *problems):
        logger.info(
            "subsidy application %s: step %s refused for user %s",
            self.instance.pk,
            self.step.name,
            self.request.user.pk,
        )
        for problem in problems:
            messages.error(self.request, problem)
        return redirect(self.screen_url)

    def render(self, form):
        context = self.get_context_data(form=form, step=self.step)
        return TemplateResponse(self.request, self.template_name, context)


class TakeView(StepView):
    """Take into work: the application is assigned to whoever presses it."""

    step = TAKE
    http_method_names = ["post"]

    def get_form(self):
        return None

    def post(self, request, *args, **kwargs):
        if not self.allowed():
            return self.refuse(self.status_message())
        try:
            workflow.take(self.instance, request.user)
        except workflow.TransitionRefusedError as refused:
            return self.refuse(*refused.problems)
        messages.success(request, self.success_message())
        return redirect(self.screen_url)

    def success_message(self):
        return _("Application № %(number)s is now yours to review.") % {
            "number": self.instance.pk
        }


class RequestInformationView(StepView):
    step = REQUEST
    form_class = RequestInformationForm

    def take_step(self, form):
        workflow.request_information(
            self.instance, self.request.user, form.cleaned_data["message"]
        )

    def success_message(self):
        return _(
            "The applicant of application № %(number)s is asked for more information."
        ) % {"number": self.instance.pk}


class ApproveView(StepView):
    step = APPROVE
    form_class = ApproveForm

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return ApproveForm(data, services=decision_services(self.instance))

    def take_step(self, form):
        workflow.approve(
            self.instance,
            self.request.user,
            form.cleaned_data["number"],
            form.cleaned_data["period_from"],
            form.cleaned_data["period_to"],
            form.amounts(),
        )

    def success_message(self):
        return _("Application № %(number)s is approved.") % {"number": self.instance.pk}


class RejectView(StepView):
    step = REJECT
    form_class = RejectForm

    def take_step(self, form):
        workflow.reject(
            self.instance,
            self.request.user,
            form.cleaned_data["reason"],
            form.cleaned_data["text"],
        )

    def success_message(self):
        return _("Application № %(number)s is rejected.") % {"number": self.instance.pk}


#: The step views by the name of their URL.
ACTION_VIEWS = {
    view.step.name: view
    for view in (TakeView, RequestInformationView, ApproveView, RejectView)
}
