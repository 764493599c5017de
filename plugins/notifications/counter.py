from django.urls import reverse_lazy
from django.utils.functional import cached_property

from plugins.notifications import services


class NoticeCounter:
    """The header's link to the notices page with the count of unread ones:
    one query, made only when a page's header shows it to a signed-in user."""

    url = reverse_lazy("notifications:index")

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self):
        if not self.user.is_authenticated:
            return 0
        return services.unread_count(self.user)
