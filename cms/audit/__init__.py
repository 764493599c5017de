"""The audit log: who did what and when to imports, subsidy applications,
payments, roles and deletions, kept append-only and shown to superusers.

Plugins call :func:`record` where an event happens, or
:func:`record_deletions` once from their ``ready()`` for a model whose
deletions the log must keep. An entry holds ids, counts, statuses, codes and
amounts of money, never a person's name, e-mail, address, income or a
document's content.
"""

from cms.audit.recording import REQUEST_USER, record, record_deletions

__all__ = ["REQUEST_USER", "record", "record_deletions"]
