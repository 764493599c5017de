"""Without the notifications plugin a new message is announced by a task of
the messaging plugin's own: the e-mail names the sender and links to the
conversation, and never carries the message."""

from django.core import mail
from django.urls import reverse

from plugins.messaging import services
from plugins.messaging.tasks import send_new_message_email


def test_the_task_tells_the_recipient_where_to_read(settings, olena, petro):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.test"
    message = services.start_conversation(olena, petro, "Таємниця сусідів")
    mail.outbox.clear()

    sent = send_new_message_email.call(message.pk)

    assert sent is True
    (letter,) = mail.outbox
    assert letter.to == [petro.email]
    assert "Олена К." in letter.subject
    link = reverse("messaging:conversation", args=[message.conversation_id])
    assert f"https://portal.example.test{link}" in letter.body
    assert "Таємниця" not in letter.body + letter.subject


def test_a_message_gone_before_the_task_ran_sends_nothing(olena, petro):
    message = services.start_conversation(olena, petro, "Привіт")
    message_id = message.pk
    message.delete()
    mail.outbox.clear()

    assert send_new_message_email.call(message_id) is False
    assert mail.outbox == []
