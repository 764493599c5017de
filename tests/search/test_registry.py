"""How apps declare what the site-wide search finds, and what they may not."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.directory.models import Provider, Service
from search import registry
from search.registry import SearchDocument
from tests.separate_process import run_with_plugins

# Apps whose rows belong to one resident: never shown to anyone else.
PRIVATE_APPS = {"messaging", "subsidies", "billing", "notifications", "payments"}


@pytest.fixture
def empty_registry(monkeypatch):
    """A registry of this test's own, leaving the site's declarations alone."""
    monkeypatch.setattr(registry, "_registry", {})


def provider_document(provider):
    return SearchDocument(
        type="provider",
        pk=provider.pk,
        title=provider.short_name,
        body=provider.name,
        url=f"/providers/{provider.code}/",
    )


def register_providers(**overrides):
    declaration = {
        "key": "provider",
        "label": "Provider",
        "weights": {"title": "A", "body": "C"},
        "visible": lambda: Provider.objects.exclude(code="HIDDEN"),
        "document": provider_document,
    }
    return registry.register(Provider, **{**declaration, **overrides})


def test_a_registered_type_is_listed_and_found_by_its_model(empty_registry):
    searchable = register_providers()

    assert registry.registered() == [searchable]
    assert registry.for_model(Provider) is searchable
    assert registry.for_model(Service) is None


def test_registering_the_same_type_again_replaces_it(empty_registry):
    register_providers()
    again = register_providers(label="Enterprise")

    assert registry.registered() == [again]


@pytest.mark.parametrize(
    "weights", [{}, {"subject": "A"}, {"title": "E"}], ids=["none", "field", "letter"]
)
def test_weights_name_document_fields_and_postgres_letters(empty_registry, weights):
    with pytest.raises(ImproperlyConfigured):
        register_providers(weights=weights)


def test_a_key_belongs_to_one_model_and_a_model_to_one_key(empty_registry):
    register_providers()

    with pytest.raises(ImproperlyConfigured):
        registry.register(
            Service,
            key="provider",
            label="Service",
            weights={"title": "A"},
            visible=Service.objects.all,
            document=provider_document,
        )
    with pytest.raises(ImproperlyConfigured):
        register_providers(key="enterprise")


def test_documents_cover_the_visible_objects_or_the_asked_ones(
    empty_registry, water_provider
):
    hidden = Provider.objects.create(
        code="HIDDEN", name="Прихований", short_name="Прихований", edrpou="00000000"
    )
    searchable = register_providers()

    every = list(registry.documents(searchable, chunk_size=1))
    asked = list(registry.documents(searchable, pks=[hidden.pk]))

    assert [document.title for document in every] == ["КП «Водоканал»"]
    assert every[0].url == "/providers/PVK/"
    assert asked == []


def test_no_private_data_is_registered():
    apps = {searchable.model._meta.app_label for searchable in registry.registered()}

    assert not apps & PRIVATE_APPS


def test_without_the_forum_the_search_registers_none_of_it(db):
    script = (
        "from search import registry;"
        "keys = [s.key for s in registry.registered()];"
        "assert not [k for k in keys if k.startswith('forum')], keys;"
        "from django.core.management import call_command; call_command('check');"
        "print('ok')"
    )

    result = run_with_plugins(
        [
            "plugins.billing",
            "plugins.payments",
            "plugins.subsidies",
            "plugins.notifications",
            "plugins.messaging",
        ],
        script,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
