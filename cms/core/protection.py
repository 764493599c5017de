"""Records the city's books refer to cannot be deleted from the admin.

A tariff that charges were computed with, or a provider that accounts are
opened at, is protected in the database. The admin's usage count does not see
those references, so it would offer the delete and then fail; this check finds
them first and names what refers to the record.
"""

from django.db import models


def protecting_relations(instance):
    """Verbose plural names of the records that keep ``instance`` from deletion."""
    names = []
    # Hidden relations (related_name "+") protect just as well, so they count.
    for relation in instance._meta.get_fields(include_hidden=True):
        if getattr(relation, "on_delete", None) is not models.PROTECT:
            continue
        if not relation.auto_created or relation.concrete:
            continue
        related = relation.related_model._base_manager.filter(
            **{relation.field.name: instance}
        )
        if related.exists():
            names.append(str(relation.related_model._meta.verbose_name_plural))
    return names
