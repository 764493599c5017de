from django.conf import settings


def recipient_language(user):
    """The language a user's notices and e-mails are written in.

    # TODO: the portal keeps no language per user yet, so every notice is in
    the site's first language; a ``language`` field on the user, set from the
    language switcher, would be read here.
    """
    return settings.LANGUAGE_CODE
