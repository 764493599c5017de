"""How often one user or one client address may do something: guess an access
code, issue a certificate, check an unknown certificate code, grant access;
and the page that tells a refused visitor why they wait.

Each limit counts events per subject (a user, an account, a client address) in
a window that starts with the first event and expires on its own; at ``most``
events the subject waits until the window passes.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.shortcuts import render


@dataclass(frozen=True)
class Limit:
    """At most ``most`` counted events per subject within ``window`` seconds."""

    name: str
    most: int
    window: int

    @property
    def minutes(self):
        return self.window // 60

    def key(self, subject):
        # Hashed, so the cache holds no account numbers or client addresses.
        digest = hashlib.sha256(str(subject).encode()).hexdigest()
        return f"billing:{self.name}:{digest}"


# Why the cache and not the database: the counters are short-lived and expire
# on their own, one per subject. In production the cache is Redis (REDIS_URL),
# shared by every app server, with atomic increments; in the database each
# counted event would be a write to a table that then needs purging. Without
# REDIS_URL the in-process cache counts per process, which is enough for a
# single-process demo only.
def reached(limit, *subjects):
    """Whether any of ``subjects`` has used up the limit."""
    return any(
        (cache.get(limit.key(subject)) or 0) >= limit.most for subject in subjects
    )


def count(limit, *subjects):
    """Count one event of each of ``subjects``."""
    for subject in subjects:
        key = limit.key(subject)
        # add() starts the window on the first event; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=limit.window):
            try:
                cache.incr(key)
            except ValueError:
                # The key expired between add() and incr(): a new window.
                cache.add(key, 1, timeout=limit.window)


def paused(request, template, limit, **context):
    """The page that says why the request waits, as 429 with the longest wait."""
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(limit.window)
    return response
