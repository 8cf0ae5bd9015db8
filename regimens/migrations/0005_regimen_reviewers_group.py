"""The "Regimen reviewers" group: view regimens and rule versions, and approve rule versions.

Reviewers change nothing: approving is their one step, and `versions.approve` refuses the
version's last editor. As in 0003, the regimens app's permissions are created here first
(including the approve permission from 0004) to be able to grant them on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Regimen reviewers"
CODENAMES = ["view_regimen", "view_ruleversion", "approve_ruleversion"]


def create_group(apps, schema_editor):
    app_config = apps.get_app_config("regimens")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="regimens", codename__in=CODENAMES)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("regimens", "0004_reviewer_fields"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
