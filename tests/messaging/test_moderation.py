import pytest
from django.urls import reverse

from plugins.messaging import services
from plugins.messaging.models import Report
from plugins.messaging.staff import moderators_group
from tests.messaging.conftest import make_user


@pytest.fixture
def moderator(db):
    user = make_user("Модератор", "moderator@example.test")
    user.groups.add(moderators_group())
    return user


@pytest.fixture
def reported(olena, petro):
    """One reported message of Olena's and one private message nobody reported."""
    bad = services.start_conversation(olena, petro, "Грубе слово")
    services.post(bad.conversation, petro, "Особиста відповідь")
    return services.report(bad, petro, "Образа")


def test_a_moderator_sees_only_reported_messages(
    client, moderator, reported, django_assert_max_num_queries
):
    client.force_login(moderator)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("messaging_reports"))

    assert response.status_code == 200
    assert "Грубе слово" in response.text and "Образа" in response.text
    assert "Особиста відповідь" not in response.text


def test_other_users_may_not_open_the_reports(client, petro, reported):
    petro.is_staff = True
    petro.save()
    client.force_login(petro)

    response = client.get(reverse("messaging_reports"))

    assert response.status_code in (302, 403)
    assert "Грубе слово" not in response.text


def test_a_moderator_marks_a_report_handled(client, moderator, reported):
    client.force_login(moderator)

    client.post(reverse("messaging_report_handled", args=[reported.pk]))

    assert Report.objects.get().handled
