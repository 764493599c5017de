"""The engine looks this module up as ``forum_attachments.forms``, under the app's own
name rather than its parent's; it is the engine's module, unchanged."""

from machina.apps.forum_conversation.forum_attachments.forms import AttachmentFormset

__all__ = ["AttachmentFormset"]
