from django.urls import reverse_lazy
from django.utils.functional import cached_property

from plugins.messaging import services


class UnreadCounter:
    """The header's link to the inbox with the count of conversations holding
    unread messages: one query, made only when a header shows it."""

    url = reverse_lazy("messaging:inbox")

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self):
        if not self.user.is_authenticated:
            return 0
        return services.unread_count(self.user)
