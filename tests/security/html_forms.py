"""The forms of an HTML page, read the way a browser would submit them."""

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

# Inputs a person types into; the rest are chosen, ticked or sent as they are.
TYPED = {"text", "search", "email", "password", "tel", "url", "textarea", ""}
NOT_SENT = {"submit", "button", "reset", "image"}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # the input's type, "textarea" or "select"
    value: str = ""  # what the page fills in or preselects
    required: bool = False
    choices: tuple = ()

    @property
    def typed(self):
        return self.kind in TYPED

    @property
    def hidden(self):
        return self.kind == "hidden"


@dataclass(frozen=True)
class Form:
    page: str  # the address the form was found on
    action: str  # the path it is sent to, query included
    method: str  # "get" or "post"
    multipart: bool
    fields: tuple = field(default=())

    @property
    def signature(self):
        return (self.action, self.method, tuple(sorted(f.name for f in self.fields)))

    @property
    def typed_fields(self):
        return [f for f in self.fields if f.typed]

    @property
    def asks_anything(self):
        """Whether a person fills anything in: a form of hidden inputs and a
        button is an action (sign out, withdraw), not input to try."""
        return any(not f.hidden for f in self.fields)

    @property
    def requires_input(self):
        return any(f.required and not f.hidden for f in self.fields)


def forms_of(html, page):
    """Every form of ``html`` (found at ``page``) sent to this site."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all("form"):
        action = urljoin(page, tag.get("action") or page)
        parts = urlsplit(action)
        if parts.netloc and parts.netloc not in ("testserver", "localhost"):
            continue  # a form posted to the bank's page is the bank's to try
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        found.append(
            Form(
                page=page,
                action=path,
                method=(tag.get("method") or "get").lower(),
                multipart="multipart" in (tag.get("enctype") or ""),
                fields=tuple(_fields(tag)),
            )
        )
    return found


def _fields(form):
    yield from _clicked_button(form)
    for tag in form.find_all(["input", "textarea", "select"]):
        name = tag.get("name")
        if not name or tag.has_attr("disabled") or "__prefix__" in name:
            continue  # a formset's blank row is a template for scripts, not sent
        kind = _kind(tag)
        if kind in NOT_SENT:
            continue
        yield Field(
            name=name,
            kind=kind,
            value=_value(tag, kind),
            required=tag.has_attr("required"),
            choices=tuple(
                option.get("value", option.text) for option in tag.find_all("option")
            ),
        )


def _clicked_button(form):
    """The first named submit button, sent as a browser sends the one
    clicked: some views tell their actions apart by it."""
    for tag in form.find_all(["button", "input"]):
        if _kind(tag) == "submit" and tag.get("name"):
            yield Field(name=tag["name"], kind="hidden", value=tag.get("value", ""))
            return


def _kind(tag):
    if tag.name == "button":
        return (tag.get("type") or "submit").lower()
    if tag.name in ("textarea", "select"):
        return tag.name
    return (tag.get("type") or "text").lower()


def _value(tag, kind):
    if kind == "textarea":
        return tag.text
    if kind == "select":
        chosen = tag.find("option", selected=True) or tag.find("option")
        return chosen.get("value", chosen.text) if chosen else ""
    if kind in ("checkbox", "radio"):
        return tag.get("value", "on") if tag.has_attr("checked") else ""
    return tag.get("value", "")
