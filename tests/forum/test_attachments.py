"""Files attached to posts: no resident may attach one, and a file a
superuser attached is always a download, never a page of the portal.

The engine keeps attachments among the media (MEDIA_ROOT), so the forums'
permissions grant no one ``can_attach_file`` (plugins/forum/services.py).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Topic

from plugins.forum.services import CITY_TOPICS, moderators_group
from tests.forum.conftest import start_topic

pytestmark = pytest.mark.django_db

PAGE = b"<html><body><script>alert(document.cookie)</script></body></html>"


def post_with_attachment(client, forum):
    return client.post(
        reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk]),
        {
            "subject": "Фото лічильника",
            "content": "Дивіться вкладення",
            "attachment-TOTAL_FORMS": "1",
            "attachment-INITIAL_FORMS": "0",
            "attachment-MIN_NUM_FORMS": "0",
            "attachment-MAX_NUM_FORMS": "15",
            "attachment-0-file": SimpleUploadedFile("meter.html", PAGE),
            "attachment-0-comment": "",
        },
    )


@pytest.mark.parametrize("who", ["olena", "moderator"])
def test_no_resident_or_moderator_can_attach_a_file(request, client, forums, who):
    user = request.getfixturevalue("olena")
    if who == "moderator":
        user.groups.add(moderators_group())
    client.force_login(user)
    form = client.get(
        reverse(
            "forum_conversation:topic_create",
            args=[forums[CITY_TOPICS].slug, forums[CITY_TOPICS].pk],
        )
    )

    posted = post_with_attachment(client, forums[CITY_TOPICS])

    assert "attachment-0-file" not in form.text
    assert posted.status_code == 302
    assert Topic.objects.count() == 1
    assert not Attachment.objects.exists()


def test_an_attached_page_is_served_as_a_download_that_is_not_sniffed(
    client, forums, olena, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    _, post = start_topic(forums[CITY_TOPICS], olena, "Фото")
    attachment = Attachment.objects.create(
        post=post, file=SimpleUploadedFile("meter.html", PAGE)
    )

    response = client.get(
        reverse("forum_conversation:attachment", args=[attachment.pk])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
