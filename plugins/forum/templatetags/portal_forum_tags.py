"""Tags the plugin's versions of the engine's pages use to mark providers'
answers; each reads a whole page of posts or topics in one query."""

from django import template

from plugins.forum import representatives

register = template.Library()


@register.simple_tag
def representatives_among(posts):
    """{poster id: provider names} for the posters of ``posts`` who represent one."""
    return representatives.providers_of(post.poster_id for post in posts)


@register.simple_tag
def answered_among(topics):
    """{topic id: provider names} for those of ``topics`` a provider answered."""
    return representatives.answered(topic.pk for topic in topics or ())


@register.filter
def entry(mapping, key):
    """``mapping[key]``, or nothing: Django's templates cannot look up by a variable."""
    return mapping.get(key) if mapping else None
