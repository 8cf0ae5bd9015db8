"""Product limits: how far a plan "as my clinician prescribed" may go, one versioned row per
product and strength, reviewed like the rules. The editors group may view, add and change
them; the reviewers group may view them (approving uses the rules' approve permission). As
in 0003, the app's permissions are created here first to be able to grant them."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GRANTS = {
    "Regimen editors": [
        f"{action}_{model}"
        for model in ("product", "productlimits")
        for action in ("view", "add", "change")
    ],
    "Regimen reviewers": ["view_product", "view_productlimits"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("regimens")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="regimens", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = {code for codes in GRANTS.values() for code in codes}
    Permission.objects.filter(content_type__app_label="regimens", codename__in=codenames).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('regimens', '0007_jurisdiction_and_assessment'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='Product',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text='Stable name used in seeds, e.g. aldara-5.', unique=True)),
                ('product', models.CharField(help_text='Brand and generic name, exactly as its rule versions say it.', max_length=120)),
                ('strength', models.CharField(help_text='Cream strength, e.g. 5%.', max_length=10)),
            ],
            options={
                'ordering': ['slug'],
                'constraints': [models.UniqueConstraint(fields=('product', 'strength'), name='unique_product')],
            },
        ),
        migrations.CreateModel(
            name='ProductLimits',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(help_text='1 for the first version, then 2, 3, ...')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('approved', 'Approved'), ('retired', 'Retired')], default='draft', help_text='Only the approved version checks new plans.', max_length=10)),
                ('origin', models.CharField(choices=[('seed', 'Loaded from seeds/'), ('admin', 'Edited in the admin')], default='admin', help_text='Where it came from.', max_length=10)),
                ('contact_hours_min', models.DecimalField(decimal_places=2, help_text="Fewest hours on the skin, across this product's labels.", max_digits=4, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)], verbose_name='shortest contact hours')),
                ('contact_hours_max', models.DecimalField(decimal_places=2, help_text="Most hours on the skin, across this product's labels.", max_digits=4, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)], verbose_name='longest contact hours')),
                ('longest_course_weeks', models.PositiveSmallIntegerField(help_text="The longest course on this product's labels.", validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(52)], verbose_name='longest labelled course (weeks)')),
                ('allowed_weeks', models.PositiveSmallIntegerField(default=0, help_text="Longest course a clinician's schedule may have when that is longer than the labelled one; 0 for none.", validators=[django.core.validators.MaxValueValidator(52)], verbose_name="allowed for a clinician's schedule (weeks)")),
                ('min_hours_between', models.PositiveSmallIntegerField(default=16, help_text='Fewest hours between two applications: at most once a day.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(22)], verbose_name='hours between applications')),
                ('sources', models.JSONField(default=list, help_text='List of {"title": ..., "ref": ...}: where each limit comes from.')),
                ('last_reviewed', models.DateField(blank=True, help_text='Set when the version is approved.', null=True)),
                ('submitted_digest', models.CharField(blank=True, help_text='SHA-256 of the content when submitted for review.', max_length=64)),
                ('approved_digest', models.CharField(blank=True, help_text='SHA-256 of exactly the content that was approved.', max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('last_edited_by', models.ForeignKey(blank=True, help_text="Who last changed this version's content; they may not approve it.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('product', models.ForeignKey(help_text='The product.', on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='regimens.product')),
                ('reviewed_by', models.ForeignKey(blank=True, help_text='Who approved this version.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'product limits',
                'verbose_name_plural': 'product limits',
                'ordering': ['product__slug', '-version'],
                'constraints': [models.UniqueConstraint(fields=('product', 'version'), name='unique_limits_version'), models.UniqueConstraint(condition=models.Q(('status', 'approved')), fields=('product',), name='one_approved_limits')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
