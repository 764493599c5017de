"""Deletions of the site's own content: Wagtail pages and documents."""

from wagtail.documents import get_document_model
from wagtail.models import Page

from cms.audit.recording import record_deletions


def connect():
    # A page's specific row and its Page row both go; the Page row's signal
    # comes once for every kind of page.
    record_deletions(Page, "wagtail.page.deleted", page_facts)
    record_deletions(get_document_model(), "wagtail.document.deleted")


def page_facts(page):
    return {"page_type": content_type_label(page)}


def content_type_label(page):
    content_type = page.cached_content_type if page.content_type_id else None
    return f"{content_type.app_label}.{content_type.model}" if content_type else ""
