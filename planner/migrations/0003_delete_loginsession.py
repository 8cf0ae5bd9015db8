"""Back to Django's own session table: everyone logged in before this migration logs in once
more (README, "Upgrading")."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0002_login_sessions"),
    ]

    operations = [
        migrations.DeleteModel(name="LoginSession"),
    ]
