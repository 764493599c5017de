"""The applicant hears of every step of their application: a notice in the
cabinet and an e-mail that say what happened and link to the application."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.test import override_settings
from django.urls import clear_url_caches

from plugins.notifications.models import Notice
from plugins.subsidies import workflow
from plugins.subsidies.choices import ApplicationStatus as Status
from plugins.subsidies.choices import RejectionReason
from tests.separate_process import run_with_plugins
from tests.subsidies.test_workflow import set_status, step_to

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "plugins.notifications"
ADDRESS = "вул. Соборна, 12, кв. 5"


@pytest.fixture
def english():
    """Notices written in English, the portal's second language made its
    first for the test. The URL resolver keeps each language's prefixes
    once worked out, so they are forgotten on the way in and out, or later
    tests would reverse English pages without /en/."""
    with override_settings(LANGUAGE_CODE="en"):
        clear_url_caches()
        yield
    clear_url_caches()


@pytest.fixture
def sent_application(application):
    application.prefill = {"address": ADDRESS}
    application.save()
    return application


def approve(application, officer, services):
    return workflow.approve(
        application,
        officer,
        "СП-2026/117",
        date(2026, 12, 1),
        date(2027, 4, 30),
        {
            services["water_supply"]: Decimal("120.50"),
            services["central_heating"]: Decimal("1234.56"),
        },
    )


def take_step(end, application, resident, officer, services):
    """Take the step into ``end`` as the one who may take it, approving two
    services so that the notice lists both."""
    if end == Status.APPROVED:
        return approve(application, officer, services)
    return step_to(end, application, resident, officer, services)


#: The subject of each step's notice and what its text must say.
EXPECTED = {
    Status.SUBMITTED: (
        "Application no. {pk} is sent",
        ["reached the social-protection office on"],
    ),
    (Status.NEEDS_INFO, Status.IN_REVIEW): (
        "Your answer on application no. {pk} is sent",
        ["What you added to application no. {pk}"],
    ),
    Status.IN_REVIEW: (
        "Application no. {pk} is taken into work",
        ["has begun to review"],
    ),
    Status.NEEDS_INFO: (
        "The office asks for more on application no. {pk}",
        [
            "The office writes:\n\nДодайте довідку про доходи за третій квартал.",
            "send it again",
        ],
    ),
    Status.APPROVED: (
        "A subsidy is granted on application no. {pk}",
        [
            "Decision no. СП-2026/117, from 12/01/2026 to 04/30/2027.",
            "A month, by service:\n"
            "— Централізоване водопостачання: 120,50\u00a0грн\n"
            "— Централізоване опалення: 1\u00a0234,56\u00a0грн",
        ],
    ),
    Status.REJECTED: (
        "Application no. {pk} is refused",
        ["Reason: the household's income is above the limit.", "Дохід вищий за межу."],
    ),
    Status.WITHDRAWN: (
        "Application no. {pk} is withdrawn",
        ["was withdrawn on"],
    ),
}


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("start", "end"), sorted(workflow.STEPS))
def test_each_step_leaves_a_notice_and_sends_an_e_mail(
    start,
    end,
    sent_application,
    resident,
    officer,
    services,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example"
    set_status(sent_application, start)
    pk = sent_application.pk

    with django_capture_on_commit_callbacks(execute=True):
        take_step(end, sent_application, resident, officer, services)

    subject, words = EXPECTED.get((start, end)) or EXPECTED[end]
    notice = Notice.objects.get()
    assert notice.recipient == resident
    assert notice.subject == subject.format(pk=pk)
    assert notice.link == f"/cabinet/subsidies/{pk}/"
    assert f"no. {pk} " in notice.body
    assert ADDRESS in notice.body
    [message] = mail.outbox
    assert message.to == ["olena@example.org"]
    assert message.subject == notice.subject
    for text in words:
        assert text.format(pk=pk) in message.body
    assert f"https://portal.example/cabinet/subsidies/{pk}/" in message.body


def test_a_refusal_is_written_in_ukrainian_by_default(
    sent_application, officer, django_capture_on_commit_callbacks
):
    set_status(sent_application, Status.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(sent_application, officer, RejectionReason.INCOME)

    [message] = mail.outbox
    assert "дохід домогосподарства перевищує межу" in message.body


def test_an_applicant_without_an_address_finds_the_notice_in_the_cabinet(
    sent_application, resident, officer, django_capture_on_commit_callbacks
):
    resident.email = ""
    resident.save()
    set_status(sent_application, Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.take(sent_application, officer)

    assert Notice.objects.filter(recipient=resident).count() == 1
    assert mail.outbox == []


def test_a_refused_step_tells_nobody(
    sent_application, resident, django_capture_on_commit_callbacks
):
    set_status(sent_application, Status.APPROVED)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(workflow.TransitionRefusedError),
    ):
        workflow.withdraw(sent_application, resident)

    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_without_notifications_the_steps_go_on_and_tell_nobody(
    sent_application,
    resident,
    officer,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    # The plugin's tables stay here; the receiver must ask, not find them.
    installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != NOTIFICATIONS and installed(name)
    )

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(sent_application, resident)
        workflow.take(sent_application, officer)

    sent_application.refresh_from_db()
    assert sent_application.status == Status.IN_REVIEW
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_the_receiver_stays_quiet_on_a_site_without_notifications():
    script = (
        "from django.apps import apps;"
        f"assert not apps.is_installed({NOTIFICATIONS!r});"
        "from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;"
        "from plugins.subsidies import notices;"
        "ctx = CaptureQueriesContext(connection);"
        "ctx.__enter__();"
        "notices.notify_applicant(None, application=object(), transition=object());"
        "ctx.__exit__(None, None, None);"
        "assert not ctx.captured_queries; print('ok')"
    )

    result = run_with_plugins(["plugins.billing", "plugins.subsidies"], script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_the_officer_who_asked_is_told_of_the_answer(
    sent_application, resident, officer, django_capture_on_commit_callbacks
):
    workflow.submit(sent_application, resident)
    workflow.take(sent_application, officer)
    workflow.request_information(sent_application, officer, "Додайте довідку.")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer(sent_application, resident, "Довідку додано.")

    notice = Notice.objects.get(recipient=officer)
    assert notice.subject == f"Заявник відповів щодо заяви № {sent_application.pk}"
    assert "Довідку додано." in notice.body
    assert notice.link.endswith(
        f"/admin/subsidies/applications/inspect/{sent_application.pk}/"
    )
