"""Residents with notices; built here, never taken from the demo seed."""

import pytest
from django.utils import timezone

from plugins.notifications.models import Notice
from tests.billing.conftest import neighbour, resident  # noqa: F401


def make_notice(user, number=1, link="/cabinet/", read=False):
    """A notice as ``notify`` would record it, without queuing any e-mail."""
    return Notice.objects.create(
        recipient=user,
        subject=f"Повідомлення {number}",
        body=f"Текст повідомлення {number}.",
        link=link,
        read_at=timezone.now() if read else None,
    )


@pytest.fixture
def notices(resident):  # noqa: F811
    """Olena's three notices: the oldest read, the two newer not."""
    return [
        make_notice(resident, 1, read=True),
        make_notice(resident, 2),
        make_notice(resident, 3),
    ]
