import re

import pytest
from django.urls import reverse

from plugins.messaging import services
from plugins.messaging.models import Block, Message, Report
from plugins.notifications.models import Notice
from tests.messaging.conftest import make_user


def header_unread(response):
    """The header's count of conversations with unread messages, 0 if none."""
    link = re.search(r'class="header-link header-messages".*?</a>', response.text)
    count = re.search(r'header-counter">(\d+)<', link.group(0))
    return int(count.group(1)) if count else 0


@pytest.fixture
def talk(olena, petro):
    """Olena's first message to Petro."""
    return services.start_conversation(olena, petro, "Коли буде вода?")


def test_anonymous_visitors_are_sent_to_log_in(client, talk):
    response = client.get(
        reverse("messaging:conversation", args=[talk.conversation_id])
    )

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_third_user_gets_404_everywhere_in_a_conversation(client, talk, stranger):
    client.force_login(stranger)
    pk = talk.conversation_id

    pages = [
        client.get(reverse("messaging:conversation", args=[pk])),
        client.post(reverse("messaging:conversation", args=[pk]), {"body": "Я тут"}),
        client.post(reverse("messaging:report", args=[pk, talk.pk]), {"reason": "x"}),
        client.post(reverse("messaging:block", args=[pk])),
    ]

    assert [page.status_code for page in pages] == [404, 404, 404, 404]
    assert Message.objects.count() == 1
    assert not Report.objects.exists() and not Block.objects.exists()


def test_a_third_users_inbox_does_not_list_the_conversation(client, talk, stranger):
    client.force_login(stranger)

    response = client.get(reverse("messaging:inbox"))

    assert "Коли буде вода" not in response.content.decode()


def test_two_residents_exchange_messages_and_the_header_counter_changes(
    client, talk, olena, petro
):
    client.force_login(petro)
    inbox = client.get(reverse("messaging:inbox"))
    assert header_unread(inbox) == 1
    assert "Олена К." in inbox.text and "Коли буде вода?" in inbox.text

    client.get(reverse("messaging:conversation", args=[talk.conversation_id]))
    client.post(
        reverse("messaging:conversation", args=[talk.conversation_id]),
        {"body": "Завтра зранку"},
    )
    assert header_unread(client.get(reverse("messaging:inbox"))) == 0

    client.force_login(olena)
    assert header_unread(client.get(reverse("messaging:inbox"))) == 1


def test_a_new_conversation_finds_the_person_by_display_name(client, olena, petro):
    client.force_login(olena)

    response = client.post(
        reverse("messaging:new"), {"recipient": "ПЕТРО С.", "body": "Привіт"}
    )

    message = Message.objects.get()
    assert response.status_code == 302
    assert services.seat_of(petro, message.conversation_id) is not None


def test_the_message_forms_send_rather_than_file_an_application(client, olena, talk):
    """The subsidy application's «Подати» shares the English word "Send"."""
    client.force_login(olena)

    pages = [
        client.get(reverse("messaging:new")),
        client.get(reverse("messaging:conversation", args=[talk.conversation_id])),
    ]

    for page in pages:
        assert '<button type="submit" class="button">Надіслати</button>' in page.text


def test_the_refusal_names_the_hourly_limit(client, settings, olena, petro):
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 0
    client.force_login(olena)

    response = client.post(
        reverse("messaging:new"), {"recipient": "Петро С.", "body": "Привіт"}
    )

    assert response.status_code == 429
    assert "0" in response.content.decode()
    assert not Message.objects.exists()


def test_a_blocked_sender_is_told_and_nothing_is_stored(client, talk, olena, petro):
    services.block(petro, olena)
    client.force_login(olena)

    response = client.post(
        reverse("messaging:conversation", args=[talk.conversation_id]),
        {"body": "Ще раз"},
        follow=True,
    )

    assert "не приймає" in response.content.decode() or "does not accept" in (
        response.content.decode()
    )
    assert Message.objects.count() == 1


def test_the_recipient_reports_a_message_but_the_sender_cannot(
    client, talk, olena, petro
):
    url = reverse("messaging:report", args=[talk.conversation_id, talk.pk])
    client.force_login(olena)
    assert client.post(url, {"reason": "Своє"}).status_code == 404

    client.force_login(petro)
    client.post(url, {"reason": "Образи"})

    assert Report.objects.get().reporter == petro


def make_conversations(olena, count):
    from tests.messaging.conftest import make_user

    for number in range(count):
        other = make_user(f"Сусід {number}", f"n{number}@example.test")
        message = services.start_conversation(other, olena, f"Лист {number}")
        services.post(message.conversation, olena, "Дякую")


def test_the_inbox_makes_a_bounded_number_of_queries(
    client, olena, django_assert_max_num_queries
):
    make_conversations(olena, 25)
    client.force_login(olena)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("messaging:inbox"))

    assert response.content.decode().count("conversation-preview") == 20


def test_the_conversation_page_makes_a_bounded_number_of_queries(
    client, talk, olena, petro, django_assert_max_num_queries
):
    for number in range(30):
        services.post(talk.conversation, petro, f"Відповідь {number}")
    client.force_login(olena)

    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("messaging:conversation", args=[talk.conversation_id])
        )

    assert response.content.decode().count("message-body") == 31


def test_opening_a_conversation_reads_the_notices_of_its_messages(
    client, talk, olena, petro
):
    other = services.start_conversation(
        make_user("Інна Р.", "inna@example.test"), petro, "Інша розмова"
    )
    client.force_login(petro)

    client.get(reverse("messaging:conversation", args=[talk.conversation_id]))

    unread = Notice.objects.filter(recipient=petro, read_at__isnull=True)
    assert list(unread.values_list("link", flat=True)) == [
        reverse("messaging:conversation", args=[other.conversation_id])
    ]
