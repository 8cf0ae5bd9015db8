# Written for the assessment after a first course (planner/plans/assessment.py).
"""A plan's assessment result and the day it was recorded, for rules with an assessment (the
EU/UK Aldara AK regimen). Existing plans have neither: their rules have no assessment."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planner', '0006_profile_region'),
    ]

    operations = [
        migrations.AddField(
            model_name='plan',
            name='assessed_on',
            field=models.DateField(blank=True, help_text="The local date the result was recorded; if not cleared, the second course's first day.", null=True),
        ),
        migrations.AddField(
            model_name='plan',
            name='assessment_result',
            field=models.CharField(blank=True, choices=[('cleared', 'Cleared'), ('not-cleared', 'Not cleared')], help_text='What the assessment after the first course found; empty until recorded.', max_length=12),
        ),
    ]
