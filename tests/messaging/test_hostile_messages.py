"""Hostile markup in a private message, a report and a display name is shown
as text to the recipient and to the moderators."""

import pytest
from django.urls import reverse

from plugins.messaging.models import Message
from plugins.messaging.staff import moderators_group
from tests.messaging.conftest import make_user
from tests.security.hostile_html import HOSTILE_TEXT, active_markup

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "<img src=x onerror=alert('name')>"


def test_the_recipient_and_the_moderators_see_hostile_markup_as_text(
    client, olena, petro
):
    olena.display_name = HOSTILE_NAME
    olena.save()
    client.force_login(olena)
    sent = client.post(
        reverse("messaging:new"), {"recipient": "Петро С.", "body": HOSTILE_TEXT}
    )
    message = Message.objects.get()
    own_page = client.get(reverse("messaging:inbox"))
    client.force_login(petro)
    inbox = client.get(reverse("messaging:inbox"))
    conversation = client.get(
        reverse("messaging:conversation", args=[message.conversation_id])
    )
    client.post(
        reverse("messaging:report", args=[message.conversation_id, message.pk]),
        {"reason": HOSTILE_TEXT},
    )
    moderator = make_user("Модератор", "moderator@example.test")
    moderator.groups.add(moderators_group())
    client.force_login(moderator)
    reports = client.get(reverse("messaging_reports"))

    assert sent.status_code == 302
    assert message.body == HOSTILE_TEXT
    for page in (own_page, inbox, conversation):
        assert page.status_code == 200
        assert active_markup(page.text) == []
    assert "&lt;script&gt;alert(&#x27;s1&#x27;)&lt;/script&gt;" in conversation.text
    assert "&lt;img src=x onerror=alert(&#x27;name&#x27;)&gt;" in inbox.text
    assert reports.status_code == 200
    assert "&lt;svg onload=alert(&#x27;s5&#x27;)&gt;" in reports.text
    assert active_markup(reports.text, admin=True) == []
