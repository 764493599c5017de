"""What the recipient of a new private message is told, and how."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plugins.notifications.services import notify, recipient_language

SUBJECT = _("New private message from %(name)s")
BODY = _(
    "%(name)s wrote to you on the portal. Read and answer in your cabinet. "
    "E-mails about new messages can be switched off in the messages settings."
)


def conversation_path(conversation_id):
    return reverse("messaging:conversation", args=[conversation_id])


def notify_new_message(message, recipient):
    """A notice and an e-mail through the notifications plugin."""
    name = message.sender.display_name or ""
    with translation.override(recipient_language(recipient)):
        subject = str(SUBJECT) % {"name": name}
        body = str(BODY) % {"name": name}
    notify(recipient, subject, body, link=conversation_path(message.conversation_id))
