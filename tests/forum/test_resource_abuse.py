"""What one resident's post or profile may cost the server.

A post's preview renders the Markdown without saving anything and is open to
any signed-in resident; its time is measured in benchmarks/forum_markup.py.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.apps.forum_member.forms import ForumProfileForm
from machina.apps.forum_member.models import ForumProfile
from PIL import Image

from plugins.forum.machina_apps.forum_conversation.forms import LONGEST_POST
from plugins.forum.services import CITY_TOPICS


@pytest.mark.django_db
def test_the_forum_profile_takes_no_avatar(olena):
    # A 12,500 px square PNG of one colour is a few hundred kilobytes, yet the
    # engine decoded it whole to shrink it: hundreds of megabytes per upload.
    image = io.BytesIO()
    Image.new("1", (12500, 12500)).save(image, "PNG")
    upload = SimpleUploadedFile("a.png", image.getvalue(), content_type="image/png")
    profile, _ = ForumProfile.objects.get_or_create(user=olena)

    form = ForumProfileForm(
        data={"signature": ""}, files={"avatar": upload}, instance=profile
    )
    form.save()

    assert "avatar" not in form.fields
    profile.refresh_from_db()
    assert not profile.avatar


def test_a_post_longer_than_the_limit_is_refused_and_says_how_long(
    client, forums, olena
):
    forum = forums[CITY_TOPICS]
    url = reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])
    client.force_login(olena)

    response = client.post(
        url, {"subject": "Довгий", "content": "а" * (LONGEST_POST + 1), "preview": "1"}
    )

    assert response.status_code == 200
    assert "20000" in response.text.replace("\xa0", "").replace(" ", "")
    assert "20001" in response.text.replace("\xa0", "").replace(" ", "")
