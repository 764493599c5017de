"""Closing an account: the password is asked again, the profile and personal
content go, what the law keeps stays, and a failure changes nothing."""

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from machina.apps.forum_conversation.models import Post

from cms.audit.models import AuditEntry
from plugins.billing.models import MeterReading, Payment
from plugins.forum.services import seed_forums
from plugins.messaging.models import Message, Participant
from plugins.messaging.services import RefusedError, post
from plugins.notifications.models import Notice
from plugins.subsidies.models import SubsidyAmount, SubsidyApplication
from tests.forum.conftest import start_topic
from tests.subsidies.conftest import make_document

pytestmark = pytest.mark.django_db


def close(client, user, password):
    client.force_login(user)
    return client.post(reverse("users:close_account"), {"password": password})


def test_a_wrong_password_closes_nothing(client, resident, olenas_data):
    response = close(client, resident, "not-her-password")

    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.is_active
    assert resident.email == "olena@example.org"
    assert client.login(username="olena", password="secret-pass-1")


def test_after_closing_she_cannot_sign_in(client, resident, olenas_data):
    close(client, resident, "secret-pass-1")

    assert client.get(reverse("users:my_data")).status_code == 302
    assert not client.login(username="olena", password="secret-pass-1")
    response = client.post(
        reverse("account_login"),
        {"login": "olena@example.org", "password": "secret-pass-1"},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_her_profile_is_erased(client, resident, olenas_data):
    close(client, resident, "secret-pass-1")

    user = get_user_model().objects.get(pk=resident.pk)
    assert user.username.startswith("closed-")
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert user.display_name is None
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()


def test_payments_and_the_subsidy_decision_stay(client, resident, olenas_data):
    close(client, resident, "secret-pass-1")

    payment = Payment.objects.get(reference="PRIV-1")
    assert payment.amount == Decimal("777.15")
    application = SubsidyApplication.objects.get(pk=olenas_data.pk)
    assert application.applicant_id == resident.pk
    assert application.decision_number == "СУБ-42"
    amount = SubsidyAmount.objects.get(application=application)
    assert amount.monthly == Decimal("312.40")
    assert MeterReading.objects.filter(value=Decimal("345.678")).exists()


def test_her_notices_and_messages_are_erased(client, resident, neighbour, olenas_data):
    close(client, resident, "secret-pass-1")

    assert not Notice.objects.filter(recipient=resident).exists()
    assert not Message.objects.filter(body="Коли прийде сантехнік?").exists()
    # What Petro wrote is his and stays in his conversation.
    assert Message.objects.filter(sender=neighbour).exists()
    assert Notice.objects.filter(recipient=neighbour).exists()


def test_the_closing_is_in_the_audit_log(client, resident, olenas_data):
    close(client, resident, "secret-pass-1")

    entry = AuditEntry.objects.get(action="users.user.closed")
    assert entry.actor_id == resident.pk
    assert entry.target_id == str(resident.pk)


def test_the_other_owner_keeps_the_flat(client, resident, neighbour, olenas_data):
    flat = olenas_data.dwelling
    flat.residents.add(neighbour)

    close(client, resident, "secret-pass-1")

    assert not flat.residents.filter(pk=resident.pk).exists()
    client.force_login(neighbour)
    cabinet = client.get(reverse("billing:cabinet"))
    assert "вул. Соборна, 12, кв. 5" in cabinet.content.decode()


def test_a_failing_eraser_leaves_everything_as_before(
    client, resident, olenas_data, monkeypatch
):
    from cms.users import personal_data

    def broken(user):
        raise RuntimeError("the forum is down")

    monkeypatch.setitem(personal_data._erasers, "forum", broken)

    with pytest.raises(RuntimeError):
        close(client, resident, "secret-pass-1")

    resident.refresh_from_db()
    assert resident.is_active
    assert resident.email == "olena@example.org"
    assert EmailAddress.objects.filter(user=resident).exists()
    assert Notice.objects.filter(recipient=resident).exists()
    assert Message.objects.filter(body="Коли прийде сантехнік?").exists()
    assert olenas_data.dwelling.residents.filter(pk=resident.pk).exists()
    assert not AuditEntry.objects.filter(action="users.user.closed").exists()


def test_her_forum_posts_stay_without_her_name(client, resident, water_provider):
    forum = seed_forums()[water_provider.short_name]
    resident.display_name = "Олена К."
    resident.save()
    _topic, post = start_topic(forum, resident, "Вода на Соборній")

    close(client, resident, "secret-pass-1")

    post = Post.objects.select_related("poster").get(pk=post.pk)
    assert post.content.raw == "Коли дадуть воду?"
    assert "Олена" not in str(post.poster.public_name())


def test_her_subsidy_draft_is_deleted_with_its_files(
    client, resident, olenas_data, django_capture_on_commit_callbacks
):
    draft = SubsidyApplication.objects.create(
        dwelling=olenas_data.dwelling, applicant=resident
    )
    scan = make_document(draft)
    storage = scan.file.storage
    assert storage.exists(scan.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        close(client, resident, "secret-pass-1")

    assert not SubsidyApplication.objects.filter(pk=draft.pk).exists()
    assert not storage.exists(scan.file.name)
    assert SubsidyApplication.objects.filter(pk=olenas_data.pk).exists()


def test_guessing_her_password_is_stopped(client, resident):
    for _attempt in range(10):
        assert close(client, resident, "guess").status_code == 200

    assert close(client, resident, "secret-pass-1").status_code == 429
    resident.refresh_from_db()
    assert resident.is_active


def test_her_other_sessions_end(client, resident, olenas_data):
    phone = Client()
    phone.force_login(resident)
    assert phone.get(reverse("users:my_data")).status_code == 200

    close(client, resident, "secret-pass-1")

    assert phone.get(reverse("users:my_data")).status_code == 302


def test_her_neighbour_keeps_the_conversation_but_cannot_write(
    client, resident, neighbour, olenas_data
):
    close(client, resident, "secret-pass-1")
    seat = Participant.objects.get(user=neighbour)
    client.force_login(neighbour)

    page = client.get(reverse("messaging:conversation", args=[seat.conversation_id]))

    assert page.status_code == 200
    assert "Завтра о дев" in page.content.decode()
    assert "Коли прийде сантехнік?" not in page.content.decode()
    with pytest.raises(RefusedError):
        post(seat.conversation, neighbour, "Ви тут?")
