"""The engine looks this module up as ``forum_conversation.forms``.

Its post and topic forms, with a limit on a post's length: the longer a
post, the longer a preview of it keeps a worker busy (see
benchmarks/forum_markup.py), and a preview is open to every resident.
"""

from django.core.validators import MaxLengthValidator
from machina.apps.forum_conversation.forms import PostForm as EnginePostForm
from machina.apps.forum_conversation.forms import TopicForm as EngineTopicForm

#: About ten pages of text: more than any question or answer needs.
LONGEST_POST = 20_000


def limit_length(form):
    field = form.fields["content"]
    field.max_length = LONGEST_POST
    field.validators.append(MaxLengthValidator(LONGEST_POST))


class PostForm(EnginePostForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self)


class TopicForm(EngineTopicForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self)
