"""The profile's own part of a user's data: what they signed up with, and how
closing an account erases it while the row stays for what the law keeps."""

import secrets

from django.apps import apps


def profile_of(user):
    """The export's "profile" section: names, e-mail addresses and dates."""
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name or "",
        "email": user.email,
        "email_addresses": email_addresses_of(user),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def email_addresses_of(user):
    if not apps.is_installed("allauth.account"):
        return []
    from allauth.account.models import EmailAddress

    rows = EmailAddress.objects.filter(user=user).order_by("pk")
    return [
        {"email": row.email, "verified": row.verified, "primary": row.primary}
        for row in rows
    ]


def erase_profile(user):
    """Leave of ``user`` only an id and an anonymous token: no name, e-mail or
    usable password, so they cannot sign in and the row names nobody. Changing
    the password also ends every other session of theirs, since Django checks
    each session against a hash of it."""
    delete_logins(user)

    user.username = f"closed-{secrets.token_hex(12)}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.display_name = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def delete_logins(user):
    """Remove the e-mail addresses and linked social logins allauth keeps."""
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
