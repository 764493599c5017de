"""An authenticator app in a test: a TOTP secret given to a user, the code
the app would show now, and a browser typing it when the portal asks."""

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

#: The secrets given in this run, by e-mail address, for the browser tests'
#: sign-ins to read the code from.
SECRETS = {}

CODE_PROMPT = "/accounts/2fa/authenticate/"


def give_authenticator(user):
    """Set up an authenticator app for ``user`` and return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    SECRETS[user.email] = secret
    return secret


def current_code(secret):
    # With no tolerance the only counter allauth accepts is the current one.
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def answer_code_prompt(tab, email):
    """After the password has been sent: type the app's code if the portal
    asks for one (staff), and wait until the sign-in has gone through."""
    tab.wait_for_url(lambda url: "/accounts/login/" not in url)
    if CODE_PROMPT not in tab.url:
        return
    tab.fill("input[name=code]", current_code(SECRETS[email]))
    tab.press("input[name=code]", "Enter")
    tab.wait_for_url(lambda url: CODE_PROMPT not in url)
