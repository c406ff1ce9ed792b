"""The maxima of free text (workshops.limits) on the TextFields.

Only Django's state changes: a TextField's max_length is no property of its column (text on PostgreSQL and SQLite
alike) and no CHECK is added, so text longer than a new maximum that is already there stays as it is and cannot make
this migration fail. Without SeparateDatabaseAndState SQLite would copy each table for nothing.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('journeys', '0006_review_round_names'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='evidence',
                name='quote',
                field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='quote'),
            ),
            migrations.AlterField(
                model_name='gap',
                name='description',
                field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='description'),
            ),
            migrations.AlterField(
                model_name='journey',
                name='scope_notes',
                field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='notes'),
            ),
            migrations.AlterField(
                model_name='persona',
                name='description',
                field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='description'),
            ),
            migrations.AlterField(
                model_name='persona',
                name='frustrations',
                field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='frustrations'),
            ),
            migrations.AlterField(
                model_name='persona',
                name='goals',
                field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='goals'),
            ),
            migrations.AlterField(
                model_name='stage',
                name='scenario',
                field=models.TextField(blank=True, help_text='What the customer does and experiences.', max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='scenario'),
            ),
        ]),
    ]
