"""The "Regimen editors" group: view, add and change regimens and rule versions, nothing else.

Permissions are normally created after all migrations run (post_migrate), so this
migration creates the regimens app's permissions first to be able to grant them on
a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Regimen editors"
CODENAMES = [
    f"{action}_{model}"
    for model in ("regimen", "ruleversion")
    for action in ("view", "add", "change")
]


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
        ("regimens", "0002_field_labels"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
