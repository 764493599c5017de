from django.urls import reverse_lazy

from cms.core.header_counter import HeaderCounter
from plugins.messaging import services


class UnreadCounter(HeaderCounter):
    """The header's link to the inbox with the count of conversations holding
    unread messages."""

    url = reverse_lazy("messaging:inbox")
    count = services.unread_count
