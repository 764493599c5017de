"""What each app contributes to the site-wide search.

An app declares a searchable type once: which model, which of its objects anyone
may see, and how one object reads as a result. The search backends (PostgreSQL
full-text, Elasticsearch) only read these declarations, so they never learn an
app's tables, and an app that is not installed contributes nothing.

Convention: an app keeps its declarations in a ``search.py`` module with a
``register_search()`` function, and its ``AppConfig.ready()`` calls it. Every
model is loaded by then, and a plugin left out of ``PORTAL_PLUGINS`` never runs
its ``ready()``, so its types are simply absent.

Private data (messages, subsidy applications, a resident's charges and
notifications) is never registered: whatever is here may appear to anyone.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.utils import translation

#: PostgreSQL's ranking weights, most important first; Elasticsearch maps them to boosts.
WEIGHTS = ("A", "B", "C", "D")

#: Rows fetched per round trip while reading a type for the index.
CHUNK_SIZE = 500


@dataclass(frozen=True)
class SearchDocument:
    """One object as the index stores it and a result shows it.

    ``title`` and ``body`` are plain text, never HTML: escape them when shown.
    """

    type: str
    pk: Any
    title: str
    body: str
    url: str
    date: date | datetime | None = None
    #: Which of its type's kinds the object is, e.g. an outage among news.
    kind: str = ""


@dataclass(frozen=True)
class Trigger:
    """A change elsewhere that makes some documents of a type stale.

    ``stale`` maps the changed instance to the primary keys of the registered
    model to read again, or to None when every document of the type may have
    changed. Call it as soon as the signal arrives: the keys it returns may be
    a lazy query.
    """

    sender: type[Model]
    stale: Callable[[Model], Iterable[Any] | None]
    signals: tuple[Signal, ...] = (post_save, post_delete)
    #: When given, a save concerns the type only if one of these fields
    #: changed: a forum engine saves a topic after every reply to count it.
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Searchable:
    """A type of object the site-wide search finds."""

    model: type[Model]
    #: Stable name of the type in the index and in URLs, e.g. "forum_topic".
    key: str
    #: What a result of this type is called on the results page.
    label: str
    #: Weight of each text field of :class:`SearchDocument`, e.g. {"title": "A"}.
    weights: dict[str, str]
    #: Only the objects anyone may see: published, approved, live.
    visible: Callable[[], QuerySet]
    #: How one visible object reads as a result.
    document: Callable[[Model], SearchDocument]
    #: Relations ``document`` follows, fetched with the rows instead of per row.
    related: tuple[str, ...] = ()
    #: Changes besides the model's own save and delete that make documents stale.
    triggers: tuple[Trigger, ...] = field(default=())
    #: How much more than an ordinary match a match of this type is worth:
    #: the tariff page itself should come before a news item quoting it.
    boost: float = 1.0
    #: What a result of each kind (SearchDocument.kind) is called instead.
    kinds: dict[str, str] = field(default_factory=dict)

    def label_of(self, kind):
        return self.kinds.get(kind, self.label)


_registry: dict[str, Searchable] = {}
_listeners: list[Callable[[Searchable], None]] = []


def register(
    model: type[Model],
    *,
    key: str,
    label: str,
    weights: dict[str, str],
    visible: Callable[[], QuerySet],
    document: Callable[[Model], SearchDocument],
    related: Iterable[str] = (),
    triggers: Iterable[Trigger] = (),
    boost: float = 1.0,
    kinds: dict[str, str] | None = None,
) -> Searchable:
    """Declare ``model`` searchable under ``key``; called from an app's ready().

    Registering the same model under the same key again replaces the earlier
    declaration; any other clash fails at start rather than mixing two types.
    """
    searchable = Searchable(
        model=model,
        key=key,
        label=label,
        weights=dict(weights),
        visible=visible,
        document=document,
        related=tuple(related),
        triggers=tuple(triggers),
        boost=boost,
        kinds=dict(kinds or {}),
    )
    _check(searchable)
    _registry[key] = searchable
    for listener in _listeners:
        listener(searchable)
    return searchable


def on_register(listener: Callable[[Searchable], None]) -> None:
    """Call ``listener`` with every type declared so far and every later one."""
    _listeners.append(listener)
    for searchable in registered():
        listener(searchable)


def registered() -> list[Searchable]:
    """Every declared type, in the order the apps registered them."""
    return list(_registry.values())


def for_model(model: type[Model]) -> Searchable | None:
    """The declaration of ``model`` (or of the model a proxy stands for)."""
    concrete = model._meta.concrete_model
    for searchable in _registry.values():
        if searchable.model._meta.concrete_model is concrete:
            return searchable
    return None


def documents(
    searchable: Searchable,
    pks: Iterable[Any] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[SearchDocument]:
    """The documents of every visible object of a type, or only of ``pks``.

    Rows are read in chunks with their relations joined, so the number of
    queries stays the same however many objects there are. A key in ``pks``
    that yields nothing is gone or hidden: drop it from the index.

    Documents are made in the site's language, whichever language the change
    came in: the index and its analysis are Ukrainian.
    """
    queryset = searchable.visible()
    if pks is not None:
        queryset = queryset.filter(pk__in=list(pks))
    if searchable.related:
        queryset = queryset.select_related(*searchable.related)
    for obj in queryset.iterator(chunk_size=chunk_size):
        with translation.override(settings.LANGUAGE_CODE):
            document = searchable.document(obj)
        yield document


def _check(searchable: Searchable) -> None:
    fields = {"title", "body"}
    unknown = set(searchable.weights) - fields
    if unknown or not searchable.weights:
        raise ImproperlyConfigured(
            f"Search type {searchable.key!r} must weigh some of {sorted(fields)}, "
            f"not {sorted(unknown)}."
        )
    bad = {weight for weight in searchable.weights.values() if weight not in WEIGHTS}
    if bad:
        raise ImproperlyConfigured(
            f"Search type {searchable.key!r}: weights must be one of {WEIGHTS}."
        )

    if not searchable.boost > 0:
        raise ImproperlyConfigured(
            f"Search type {searchable.key!r}: boost must be above zero."
        )

    earlier = _registry.get(searchable.key)
    if earlier is not None and earlier.model is not searchable.model:
        raise ImproperlyConfigured(
            f"Search type {searchable.key!r} is claimed by both "
            f"{earlier.model._meta.label} and {searchable.model._meta.label}."
        )
    other = for_model(searchable.model)
    if other is not None and other.key != searchable.key:
        raise ImproperlyConfigured(
            f"{searchable.model._meta.label} is already searchable as {other.key!r}."
        )
