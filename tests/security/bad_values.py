"""Bad values for every field of a form, and the request bodies that carry
them the way no browser would: invalid UTF-8, NUL characters, megabytes."""

import uuid
from urllib.parse import quote_from_bytes

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
#: What must never come back as markup: the two payloads' active parts.
ACTIVE_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
OVERSIZE = 100_000

# Valid values a resident would type, each findable in a re-rendered form.
SENSIBLE = {
    "email": "olena.fuzz@example.test",
    "tel": "+380501234567",
    "url": "https://example.test/",
    "number": "1",
    "date": "2026-11-01",
    "month": "2026-11",
    "password": "Fuzz-pass-2026",
}


def sensible(field, index=0):
    """A plausible value for ``field``: what the page fills in or preselects,
    else a typical one; text gets a marker unique to the field."""
    if field.kind in ("hidden", "checkbox", "radio", "select"):
        if field.kind == "select" and not field.value:
            return next((choice for choice in field.choices if choice), "")
        return field.value
    if field.value:
        return field.value
    return SENSIBLE.get(field.kind, f"Соборна-{index}")


# Each kind of bad value: what a typed field gets, as bytes.
BAD_KINDS = {
    # Latin letters: Cyrillic, percent-escaped, would make six bytes of each
    # and push a long form past Django's 2.5 MB limit before any view runs.
    "oversize": b"x" * OVERSIZE,
    "invalid-utf8": b"\xff\xfe\xc3\x28 \xed\xa0\x80",
    "nul": "Олена\x00Коваленко".encode(),
    "script": f"{SCRIPT}{IMAGE}".encode(),
}


def values(form, kind, bad=None):
    """(name, bytes) pairs for ``form``: every typed field given the bad value
    of ``kind``, or ``bad`` itself ("empty" leaves every visible field blank),
    the rest sent as the page has them, hidden inputs and the CSRF token
    included."""
    bad = BAD_KINDS.get(kind) if bad is None else bad
    pairs = []
    for index, field in enumerate(form.fields):
        if field.hidden:
            pairs.append((field.name, field.value.encode()))
        elif kind == "empty":
            if field.kind not in ("checkbox", "radio", "file"):
                pairs.append((field.name, b""))
        elif field.kind == "file":
            continue  # files() sends it
        elif field.typed:
            pairs.append((field.name, bad))
        else:
            value = sensible(field, index)
            if value or field.kind not in ("checkbox", "radio"):
                pairs.append((field.name, value.encode()))
    return _once_per_radio_group(pairs, form)


def with_one_oversize(form):
    """Every field sensible but the first typed one, which is oversize:
    (pairs, the sensible text values a re-rendered form should keep)."""
    first = next(f for f in form.typed_fields if f.kind != "password")
    pairs, kept = [], []
    for index, field in enumerate(form.fields):
        if field.kind in ("file",) or (
            field.kind in ("checkbox", "radio") and not field.value
        ):
            continue
        if field is first:
            pairs.append((field.name, BAD_KINDS["oversize"]))
            continue
        value = sensible(field, index)
        pairs.append((field.name, value.encode()))
        if field.typed and field.kind != "password" and not field.value:
            kept.append(value)
    return _once_per_radio_group(pairs, form), kept


def files(form, kind):
    """A small file for each file input, named with the bad value."""
    if kind == "empty" or not form.multipart:
        return []
    name = BAD_KINDS[kind][:200] + b".pdf"
    return [
        (f.name, name, b"%PDF-1.4\n%\xe2\xe3\n")
        for f in form.fields
        if f.kind == "file"
    ]


def _once_per_radio_group(pairs, form):
    radios = {f.name for f in form.fields if f.kind == "radio"}
    seen, out = set(), []
    for name, value in pairs:
        if name in radios:
            if name in seen:
                continue
            seen.add(name)
        out.append((name, value))
    return out


def urlencoded(pairs):
    """A form body: names and values percent-escaped byte for byte, so
    invalid UTF-8 arrives as it was sent."""
    return b"&".join(
        quote_from_bytes(name.encode()).encode()
        + b"="
        + quote_from_bytes(value).encode()
        for name, value in pairs
    )


def multipart(pairs, uploads):
    """A multipart body with the raw bytes of each value: (content type, body)."""
    boundary = uuid.uuid4().hex.encode()
    parts = []
    for name, value in pairs:
        parts.append(
            b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
            % (boundary, name.encode(), value)
        )
    for name, filename, content in uploads:
        parts.append(
            b'--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
            b"Content-Type: application/pdf\r\n\r\n%s\r\n"
            % (boundary, name.encode(), filename.replace(b'"', b"'"), content)
        )
    body = b"".join(parts) + b"--%s--\r\n" % boundary
    return f"multipart/form-data; boundary={boundary.decode()}", body
