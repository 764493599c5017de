"""The engine looks this module up as ``forum_moderation.forms``.

Its form for moving a topic offered the forums a topic cannot go to as
disabled options, written in a way the current Django reads as a group of
options: a stray «True» appeared in the list, and choosing it or the topic's
own forum failed with a server error. Here the list holds only the forums a
topic may move to.
"""

from django import forms
from machina.apps.forum_moderation.forms import TopicMoveForm as EngineTopicMoveForm


class TopicMoveForm(EngineTopicMoveForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].widget = forms.Select()
        self.fields["forum"].choices = self.destinations()

    def destinations(self):
        """[(id, name)] of the forums the moderator may move the topic to."""
        return [
            (forum.pk, f"{'—' * forum.level} {forum.name}".strip())
            for forum in self.allowed_forums
            if not (forum.is_category or forum.is_link)
            and forum.pk != self.topic.forum_id
        ]
