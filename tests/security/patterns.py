"""Every URL pattern of a URL conf, found by walking it, with a way to make an
address out of each."""

import re
from dataclasses import dataclass, field

from django.urls import URLResolver, get_resolver

# Values for the parameters of a pattern the matrix has no sample for: a
# number no object has, so staff allowed in get 404, and the others their
# refusal before any lookup.
NO_SUCH_NUMBER = "999999"
CONVERTER_VALUES = {"month": "2026-11", "path": "x", "slug": "x"}


@dataclass(frozen=True)
class Pattern:
    key: str  # the qualified name, or «route» for an unnamed pattern
    route: str  # the full route, as Django writes each part of it
    view: object = field(compare=False, repr=False, default=None)

    @property
    def has_parameters(self):
        return "<" in self.route or "(" in self.route


def walk(resolver=None):
    """Every pattern under ``resolver`` (the project's by default), through
    every include."""
    resolver = resolver or get_resolver()
    return list(_walk(resolver.url_patterns, "", ()))


def _walk(patterns, prefix, namespaces):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry.url_patterns, route, inner)
        elif entry.name:
            yield Pattern(":".join((*namespaces, entry.name)), route, entry.callback)
        else:
            yield Pattern(f"«{route}»", route, entry.callback)


def filled(route):
    """An address the route matches, its parameters given placeholder values."""
    address = re.sub(
        r"<(?:(\w+):)?\w+>",
        lambda found: CONVERTER_VALUES.get(found.group(1), NO_SUCH_NUMBER),
        route,
    )
    address = _fill_groups(address)
    address = address.replace("\\.", ".").replace("^", "").replace("$", "")
    return "/" + address


def _fill_groups(regex):
    """The regex with each outermost group replaced by a value it matches:
    optional groups dropped, a number where digits fit, else a word."""
    out, depth, group = [], 0, []
    for index, char in enumerate(regex):
        escaped = index and regex[index - 1] == "\\"
        if char == "(" and not escaped:
            depth += 1
        if depth:
            group.append(char)
        else:
            out.append(char)
        if char == ")" and not escaped:
            depth -= 1
            if not depth:
                out.append(_group_value("".join(group)))
                group = []
    address = "".join(out)
    return re.sub(r"(?<=[^\\])\?|\*", "", address.replace("§", ""))


def _group_value(group):
    if group.startswith("(?:"):
        return "§"  # an optional part: left out
    if "(?:" in group:
        return ""  # a repeated part: none of it
    if "\\d" in group or "[-\\w]" in group or "0-9A-Za-z" in group:
        return NO_SUCH_NUMBER
    return "x"
