"""The engine looks this module up as ``forum_attachments.cache``, under the app's own
name rather than its parent's; it is the engine's module, unchanged."""

from machina.apps.forum_conversation.forum_attachments.cache import cache

__all__ = ["cache"]
