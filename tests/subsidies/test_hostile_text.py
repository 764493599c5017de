"""What a resident typed into an application is shown to the office as text:
names, an address, the details of property and purchases, a message."""

import pytest
from django.urls import reverse

from plugins.subsidies.choices import ApplicationStatus
from tests.security.hostile_html import HOSTILE_TEXT, active_markup
from tests.subsidies.office_fixtures import (  # noqa: F401 -- fixtures
    QUEUE,
    SCREEN,
    household_application,
    office_member,
)

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "<img src=x onerror=alert('name')>"


def test_the_office_sees_an_applicants_markup_as_text(
    client,
    resident,
    office_member,  # noqa: F811
):
    application = household_application(
        resident,
        "<svg onload=alert('street')>",
        "1",
        HOSTILE_NAME,
        ApplicationStatus.SUBMITTED,
    )
    application.property_details = HOSTILE_TEXT
    application.purchases_details = HOSTILE_TEXT
    application.save()
    resident.display_name = HOSTILE_NAME
    resident.save()
    client.force_login(office_member)

    queue = client.get(reverse(QUEUE))
    screen = client.get(reverse(SCREEN, args=[application.pk]))

    for page in (queue, screen):
        assert page.status_code == 200
        assert active_markup(page.text, admin=True) == []
    assert "&lt;img src=x onerror=alert(&#x27;name&#x27;)&gt;" in screen.text
    assert "&lt;script&gt;alert(&#x27;s1&#x27;)&lt;/script&gt;" in screen.text
