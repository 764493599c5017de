import pytest
from django.core import mail

from plugins.messaging import services
from plugins.messaging.models import Conversation, Message


def test_writing_again_to_the_same_person_continues_their_conversation(olena, petro):
    first = services.start_conversation(olena, petro, "Добрий день")

    second = services.start_conversation(olena, petro, "Ще раз")

    assert first.conversation_id == second.conversation_id
    assert Conversation.objects.count() == 1


def test_the_unread_counter_follows_messages_and_reading(olena, petro):
    message = services.start_conversation(olena, petro, "Добрий день")
    assert services.unread_count(petro) == 1
    assert services.unread_count(olena) == 0

    services.mark_read(services.seat_of(petro, message.conversation_id))
    assert services.unread_count(petro) == 0

    services.post(message.conversation, olena, "Ви тут?")
    assert services.unread_count(petro) == 1

    services.post(message.conversation, petro, "Так")
    assert services.unread_count(petro) == 0
    assert services.unread_count(olena) == 1


@pytest.mark.parametrize("who_blocks", ["sender", "recipient"])
def test_a_block_either_way_stops_messages_and_stores_nothing(olena, petro, who_blocks):
    message = services.start_conversation(olena, petro, "Добрий день")
    blocker, blocked = (olena, petro) if who_blocks == "sender" else (petro, olena)
    services.block(blocker, blocked)

    with pytest.raises(services.BlockedError):
        services.post(message.conversation, olena, "Ще одне")
    with pytest.raises(services.BlockedError):
        services.post(message.conversation, petro, "Відповідь")

    assert Message.objects.count() == 1


def test_a_block_also_stops_a_new_conversation(olena, petro):
    services.block(petro, olena)

    with pytest.raises(services.BlockedError):
        services.start_conversation(olena, petro, "Добрий день")

    assert not Conversation.objects.exists()


def test_unblocking_lets_messages_through_again(olena, petro):
    services.block(petro, olena)
    services.unblock(petro, olena)

    services.start_conversation(olena, petro, "Добрий день")

    assert Message.objects.count() == 1


def test_new_conversations_stop_at_the_hourly_limit(settings, olena, petro, stranger):
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 1
    services.start_conversation(olena, petro, "Перша розмова")

    with pytest.raises(services.RateLimitedError, match="1"):
        services.start_conversation(olena, stranger, "Друга розмова")

    assert Conversation.objects.count() == 1
    # Replies in a conversation she has are not limited.
    services.start_conversation(olena, petro, "Відповідь")
    assert Message.objects.count() == 2


def test_the_recipient_is_e_mailed_without_the_message_text(
    olena, petro, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.start_conversation(olena, petro, "Таємний текст")

    assert [m.to for m in mail.outbox] == [["petro@example.test"]]
    assert "Олена К." in mail.outbox[0].subject
    assert "Таємний текст" not in mail.outbox[0].body


def test_no_e_mail_when_the_recipient_switched_it_off(
    olena, petro, django_capture_on_commit_callbacks
):
    services.set_email_preference(petro, False)

    with django_capture_on_commit_callbacks(execute=True):
        services.start_conversation(olena, petro, "Добрий день")

    assert mail.outbox == []


def test_display_names_are_found_in_any_letter_case(olena):
    assert services.find_by_display_name("олена к.") == olena
    assert services.find_by_display_name("Олена") is None
