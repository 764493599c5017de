from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class Entry(models.Model):
    """One public object in the PostgreSQL index, as its registration shows it.

    ``words`` holds the analysed title and body (every dictionary reading of
    every word, see search.analysis) weighted as the registration asks; title
    and body themselves are kept as plain text for the results page.
    """

    type = models.CharField(max_length=50)
    #: The document's kind within its type, e.g. "outage" among news.
    kind = models.CharField(max_length=50, blank=True, default="")
    object_id = models.CharField(max_length=64)
    title = models.TextField()
    body = models.TextField()
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, blank=True)
    words = SearchVectorField()
    #: The registration's boost, multiplied into the rank.
    boost = models.FloatField(default=1.0)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "object_id"], name="index_once")
        ]
        indexes = [
            GinIndex(fields=["words"], name="entry_words"),
            # Boosted types are always ranked (search.finding): few rows.
            GinIndex(
                fields=["words"],
                name="entry_boosted_words",
                condition=models.Q(boost__gt=1),
            ),
        ]

    def __str__(self):
        return f"{self.type} {self.object_id}"


class Word(models.Model):
    """A dictionary form the index holds, for suggesting what a misspelt
    query may have meant (trigram similarity)."""

    text = models.CharField(max_length=100, unique=True)

    class Meta:
        indexes = [
            GinIndex(fields=["text"], name="word_trigrams", opclasses=["gin_trgm_ops"])
        ]

    def __str__(self):
        return self.text
