"""Every catalog is complete, and the site really speaks the language it serves.

The catalogs are read by a small .po reader here, so that a failure names the
msgid a translator has to look at.
"""

import contextlib
import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.utils import translation
from wagtail.models import Page, Site

from cms.home.models import HomePage

CATALOGS = sorted(
    [
        *settings.BASE_DIR.glob("locale/*/LC_MESSAGES/*.po"),
        *settings.BASE_DIR.glob("plugins/*/locale/*/LC_MESSAGES/*.po"),
        # The catalogs a plugin keeps for an engine it runs on, such as the forum's.
        *settings.BASE_DIR.glob("plugins/*/*/*/locale/*/LC_MESSAGES/*.po"),
    ]
)

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    """One message of a catalog; ``msgstr`` holds every plural form."""

    line: int
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: list = field(default_factory=list)
    flags: set = field(default_factory=set)

    @property
    def is_header(self):
        return self.msgid == ""


def unquote(text):
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path):
    """The entries of ``path``, obsolete ``#~`` entries left out."""
    entries, entry, key = [], None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            # A comment after a msgstr starts the next entry.
            if entry is None or entry.msgstr:
                entry, key = Entry(line=number), None
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue

        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = unquote(line)
        else:
            if keyword == "msgid" and (entry is None or entry.msgstr):
                entry = Entry(line=number)
                entries.append(entry)
            key, value = keyword, unquote(rest)
            if key.startswith("msgstr"):
                entry.msgstr.append("")

        if key == "msgid":
            entry.msgid += value
        elif key == "msgid_plural":
            entry.msgid_plural += value
        elif key and key.startswith("msgstr"):
            entry.msgstr[-1] += value
    return entries


def catalog_id(path):
    return str(path.relative_to(settings.BASE_DIR))


def describe(path, entries):
    return "\n".join(f"  {catalog_id(path)}:{e.line}: {e.msgid!r}" for e in entries)


def test_the_catalogs_are_found():
    ids = [catalog_id(path) for path in CATALOGS]

    assert "locale/uk/LC_MESSAGES/django.po" in ids
    assert "plugins/billing/locale/uk/LC_MESSAGES/django.po" in ids
    assert "plugins/forum/machina_apps/forum/locale/uk/LC_MESSAGES/django.po" in ids


@pytest.mark.parametrize("path", CATALOGS, ids=catalog_id)
def test_every_entry_is_translated(path):
    messages = [e for e in read_po(path) if not e.is_header]

    untranslated = [e for e in messages if not e.msgstr or not all(e.msgstr)]

    assert messages, f"{catalog_id(path)} has no messages"
    assert not untranslated, "untranslated:\n" + describe(path, untranslated)


@pytest.mark.parametrize("path", CATALOGS, ids=catalog_id)
def test_no_entry_is_fuzzy(path):
    fuzzy = [e for e in read_po(path) if "fuzzy" in e.flags]

    assert not fuzzy, "fuzzy, check and drop the flag:\n" + describe(path, fuzzy)


@pytest.mark.parametrize("path", CATALOGS, ids=catalog_id)
def test_translations_keep_the_placeholders(path):
    broken = [
        e
        for e in read_po(path)
        if not e.is_header
        and any(
            set(PLACEHOLDER.findall(text))
            != set(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
            for text in e.msgstr
        )
    ]

    assert not broken, "placeholders differ:\n" + describe(path, broken)


@pytest.mark.parametrize("path", CATALOGS, ids=catalog_id)
def test_plural_entries_have_every_ukrainian_form(path):
    entries = read_po(path)
    header = next(e for e in entries if e.is_header).msgstr[0]

    short = [e for e in entries if e.msgid_plural and len(e.msgstr) != 3]

    assert "Language: uk\n" in header
    assert "nplurals=3;" in header
    assert not short, "a plural needs three forms:\n" + describe(path, short)


@pytest.fixture(scope="session")
def compiled_messages():
    """``make test`` compiles the catalogs; a bare pytest run compiles them here."""
    if all(path.with_suffix(".mo").exists() for path in CATALOGS):
        return

    with contextlib.chdir(settings.BASE_DIR):
        call_command("compilemessages", ignore_patterns=[".venv", "var"], verbosity=0)
    # Forget catalogs an earlier test may have loaded without the new files.
    setting_changed.send(
        sender=type(settings),
        setting="LOCALE_PATHS",
        value=settings.LOCALE_PATHS,
        enter=False,
    )


@pytest.fixture
def home(db, compiled_messages):
    """Wagtail's root -> a HomePage that is the default site's root."""
    Site.objects.all().delete()
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Комунальний портал", slug="city")
    )
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    # The middleware leaves the last request's language active; later tests
    # must not inherit /en/.
    with translation.override(translation.get_language()):
        yield home


def test_the_home_page_speaks_ukrainian(client, home):
    html = client.get("/").content.decode()

    assert "Останні новини" in html
    assert "Найближчі події" in html
    assert "Latest news" not in html


def test_the_english_home_page_stays_english(client, home):
    html = client.get("/en/").content.decode()

    assert "Latest news" in html
    assert "Upcoming events" in html
    assert "Останні новини" not in html
