from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('journeys', '0008_unique_positions'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='stage',
            constraint=models.UniqueConstraint(fields=('journey', 'position'), name='stage_one_per_position'),
        ),
        migrations.AddConstraint(
            model_name='touchpoint',
            constraint=models.UniqueConstraint(fields=('stage', 'position'), name='touchpoint_one_per_position'),
        ),
    ]
