"""Positions are unique: no two stages of a journey, no two touchpoints of a stage, share one.

Before the constraints (0007), duplicates could come in: a backup that had them imported without complaint. They are
repaired first: every list that has a duplicate is numbered 0..n−1 again in the order the pages showed it (position,
then id), so nothing moves on the map. Lists without a duplicate are left as they are. In a migration of its own,
so the constraints are added after this data change is committed.
"""

from django.db import migrations
from django.db.models import Count


def _renumber(model, parent):
    """Number each ``parent``'s rows 0..n−1 where two of them share a position."""
    crowded = (model.objects.order_by().values(parent, "position").annotate(rows=Count("pk")).filter(rows__gt=1)
               .values_list(parent, flat=True).distinct())
    for parent_id in list(crowded):
        rows = list(model.objects.filter(**{parent: parent_id}).order_by("position", "pk"))
        for index, row in enumerate(rows):  # no constraint yet (0007 adds it), so one UPDATE may reorder freely
            row.position = index
        model.objects.bulk_update(rows, ["position"])


def repair_duplicate_positions(apps, schema_editor):
    _renumber(apps.get_model("journeys", "Stage"), "journey")
    _renumber(apps.get_model("journeys", "Touchpoint"), "stage")


class Migration(migrations.Migration):

    dependencies = [
        ('journeys', '0007_text_maxima'),
    ]

    operations = [
        migrations.RunPython(repair_duplicate_positions, migrations.RunPython.noop),
    ]
