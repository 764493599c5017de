"""Keep the index's rows narrow and the boosted matches at hand.

A query for a common word visits tens of thousands of rows for their type
and date; with the shown title and body inline each row spans half a page.
A low TOAST target moves the long texts out of line, halving the pages read.
The boosted types (tariff pages, the payment page, providers) are always
ranked, so they get a small index of their own (search.finding).
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations
from django.db.models import Q

TABLE = "portal_search_entry"


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_entry_kind")]

    operations = [
        migrations.RunSQL(
            f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
            f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
        ),
        migrations.AddIndex(
            model_name="entry",
            index=GinIndex(
                fields=["words"], name="entry_boosted_words", condition=Q(boost__gt=1)
            ),
        ),
    ]
