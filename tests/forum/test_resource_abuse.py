"""What one resident's post or avatar may cost the server.

Both holes below are open to any signed-in resident: a post's preview renders
the Markdown without saving anything, and the forum profile takes any image.
"""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from machina.apps.forum_member.forms import ForumProfileForm
from machina.apps.forum_member.models import ForumProfile
from PIL import Image

from plugins.forum.markup import render


def test_a_short_run_of_unclosed_links_renders_at_once():
    # 20 KB of "[a](": the Markdown step takes time that grows faster than
    # the text (about 12 s here; 64 KB takes minutes), and nothing limits
    # a post's length, so one preview request ties up a worker.
    text = "[a](" * 5000

    started = time.monotonic()
    render(text)

    assert time.monotonic() - started < 2


@pytest.mark.django_db
def test_an_avatar_of_huge_dimensions_is_refused(olena):
    # A 12,500 px square PNG of one colour is a few hundred kilobytes, yet the
    # engine decodes it whole to shrink it: hundreds of megabytes per upload.
    image = io.BytesIO()
    Image.new("1", (12500, 12500)).save(image, "PNG")
    upload = SimpleUploadedFile("a.png", image.getvalue(), content_type="image/png")
    profile, _ = ForumProfile.objects.get_or_create(user=olena)

    form = ForumProfileForm(
        data={"signature": ""}, files={"avatar": upload}, instance=profile
    )

    assert not form.is_valid()
    assert "avatar" in form.errors
