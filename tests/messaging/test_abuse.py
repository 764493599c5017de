"""Ways around the limits the portal keeps on who writes to whom."""

import contextlib
import threading

import pytest
from django.db import connection

from plugins.messaging import services
from plugins.messaging.forms import PreferencesForm
from tests.messaging.conftest import make_user


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_do_not_start_more_conversations_than_the_limit(
    settings, olena
):
    # Over HTTP, 25 requests sent at once by one resident started 14 new
    # conversations against a limit of 10: the count and the new row are not
    # taken under any lock. Here two requests meet right after their counts.
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 1
    recipients = [make_user(f"Адресат {n}", f"to{n}@example.test") for n in (1, 2)]
    counted = threading.Barrier(2, timeout=3)
    real_count = services.started_in_last_hour

    def count_then_meet(user):
        result = real_count(user)
        # Broken when the other request was held back before counting.
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait()
        return result

    def write(recipient):
        try:
            services.start_conversation(olena, recipient, "Добрий день")
        except services.RefusedError:
            pass
        finally:
            connection.close()

    services.started_in_last_hour = count_then_meet
    try:
        threads = [threading.Thread(target=write, args=(r,)) for r in recipients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        services.started_in_last_hour = real_count

    assert real_count(olena) == 1


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\u00ad"])
def test_a_taken_display_name_cannot_be_copied_with_an_invisible_character(
    olena, invisible
):
    # "Олена К." with an invisible character looks the same in the forum,
    # the inbox and the e-mail notices, so anyone can pass for anyone.
    impostor = make_user("Хтось", "someone@example.test")

    form = PreferencesForm(
        data={"display_name": f"Олена{invisible} К."}, instance=impostor
    )

    assert not form.is_valid()
