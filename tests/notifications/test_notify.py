"""Recording a notice and e-mailing it once it has committed."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plugins.notifications import services
from plugins.notifications.models import Notice
from tests.notifications.conftest import make_notice

pytestmark = pytest.mark.django_db


def test_a_notice_is_kept_and_e_mailed_with_its_full_link(
    resident, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example/"

    with django_capture_on_commit_callbacks(execute=True):
        notice = services.notify(
            resident, "Заяву прийнято", "Заява № 7 у роботі.", "/cabinet/subsidies/7/"
        )

    assert Notice.objects.get() == notice
    assert notice.recipient == resident
    assert notice.read_at is None
    [message] = mail.outbox
    assert message.to == ["olena@example.org"]
    assert message.subject == "Заяву прийнято"
    assert message.body.startswith("Заява № 7 у роботі.\n\n")
    assert "https://portal.example/cabinet/subsidies/7/" in message.body
    assert "https://portal.example/cabinet/notices/" in message.body


def test_nothing_is_e_mailed_before_the_notice_commits(
    resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(resident, "Тема", "Текст")

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_user_without_an_address_gets_only_the_notice(
    resident, django_capture_on_commit_callbacks
):
    resident.email = ""
    resident.save()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(resident, "Тема", "Текст")

    assert Notice.objects.filter(recipient=resident).count() == 1
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.parametrize(
    "link", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "cabinet/"]
)
def test_a_link_off_the_site_or_not_a_path_is_refused(resident, link):
    with pytest.raises(ValidationError):
        services.notify(resident, "Тема", "Текст", link)

    assert not Notice.objects.exists()


def test_a_notice_is_written_in_the_recipients_language_not_the_senders(
    resident,
):
    # The office's officer may be browsing the English interface.
    translation.activate("en")

    notice = services.notify(resident, _("Log in"), _("Log out"))

    assert (notice.subject, notice.body) == ("Увійти", "Вийти")


def test_a_subject_is_kept_on_one_line(resident):
    notice = services.notify(resident, "Заяву\nприйнято ", "Текст")

    assert notice.subject == "Заяву прийнято"


def test_an_e_mail_without_a_link_names_only_the_cabinet(
    resident, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example"

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(resident, "Тема", "Текст")

    [message] = mail.outbox
    assert message.body.count("https://portal.example/") == 1
    assert "https://portal.example/cabinet/notices/" in message.body


def test_marking_all_read_touches_only_the_users_unread_notices(
    resident, neighbour, notices
):
    others = make_notice(neighbour)
    first_read_at = notices[0].read_at

    assert services.mark_all_read(resident) == 2

    assert services.unread_count(resident) == 0
    notices[0].refresh_from_db()
    assert notices[0].read_at == first_read_at
    assert services.unread_count(neighbour) == 1
    others.refresh_from_db()
    assert others.read_at is None
