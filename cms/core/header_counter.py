from django.utils.functional import cached_property


class HeaderCounter:
    """A header link with a plugin's count of unread things: read with one
    query, and only when a page's header shows it to a signed-in user."""

    #: The page the link opens; ``count`` reads the number for a user.
    url = None
    count = None

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self):
        if not self.user.is_authenticated:
            return 0
        return type(self).count(self.user)
