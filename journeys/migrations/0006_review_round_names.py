"""Review rounds were labelled "Review 23-11-2026" (Dutch date order, English word) when they started. The pages now
name every round by its number and date in the reader's language (journeys.numbers.round_name), so those labels go;
a label someone gave through the API stays."""

import re

from django.db import migrations

MADE_BY_THE_APP = re.compile(r"Review \d{2}-\d{2}-\d{4}( \(\d+\))?")


def forget_made_labels(apps, schema_editor):
    Measurement = apps.get_model("journeys", "Measurement")
    made = [measurement.pk for measurement in Measurement.objects.filter(kind="review", label__startswith="Review ")
            if MADE_BY_THE_APP.fullmatch(measurement.label)]
    Measurement.objects.filter(pk__in=made).update(label="")


class Migration(migrations.Migration):
    dependencies = [("journeys", "0005_rating_choice_order")]

    operations = [migrations.RunPython(forget_made_labels, migrations.RunPython.noop)]
