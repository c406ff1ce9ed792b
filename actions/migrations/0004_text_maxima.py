"""The maxima of free text (workshops.limits) on the TextFields.

Only Django's state changes: a TextField's max_length is no property of its column (text on PostgreSQL and SQLite
alike) and no CHECK is added, so text longer than a new maximum that is already there stays as it is and cannot make
this migration fail. Without SeparateDatabaseAndState SQLite would copy each table for nothing.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0003_reminder_sending_state'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='improvement',
                name='description',
                field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='description'),
            ),
            migrations.AlterField(
                model_name='review',
                name='notes',
                field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='notes'),
            ),
        ]),
    ]
