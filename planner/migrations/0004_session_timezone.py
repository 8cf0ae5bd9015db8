"""Each night keeps its own time zone once its plan's zone changes (a plan changed from a date:
past nights show at the local time they had). Empty, as every existing night gets, means the
plan's zone; nights come in date order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0003_delete_loginsession"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="session",
            options={"ordering": ["plan", "date"]},
        ),
        migrations.AddField(
            model_name="session",
            name="timezone",
            field=models.CharField(
                blank=True,
                default="",
                help_text="The night's own zone once the plan's has changed; empty: the plan's.",
                max_length=64,
            ),
        ),
    ]
