"""The engine looks this module up as ``forum_polls.forms``, under the app's own
name rather than its parent's; it is the engine's module, unchanged."""

from machina.apps.forum_conversation.forum_polls.forms import (
    TopicPollOptionFormset,
    TopicPollVoteForm,
)

__all__ = ["TopicPollOptionFormset", "TopicPollVoteForm"]
