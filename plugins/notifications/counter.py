from django.urls import reverse_lazy

from cms.core.header_counter import HeaderCounter
from plugins.notifications import services


class NoticeCounter(HeaderCounter):
    """The header's link to the notices page with the count of unread ones."""

    url = reverse_lazy("notifications:index")
    count = services.unread_count
