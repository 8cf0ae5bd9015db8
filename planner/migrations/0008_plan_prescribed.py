"""Plans "as my clinician prescribed" (planner/plans/prescribed.py): the kind of plan, the product
limits version it was checked against, the prescription in words and the label rules it
departs from. Existing plans are label plans."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planner', '0007_plan_assessment'),
        ('regimens', '0008_product_limits'),
    ]

    operations = [
        migrations.AddField(
            model_name='plan',
            name='departures',
            field=models.TextField(blank=True, help_text='The label rules a prescribed plan departs from, one a line.'),
        ),
        migrations.AddField(
            model_name='plan',
            name='kind',
            field=models.CharField(choices=[('label', 'Label regimen'), ('prescribed', 'As my clinician prescribed')], default='label', max_length=12),
        ),
        migrations.AddField(
            model_name='plan',
            name='limits',
            field=models.ForeignKey(blank=True, help_text='The product limits version a prescribed plan was checked against.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='regimens.productlimits'),
        ),
        migrations.AddField(
            model_name='plan',
            name='prescription',
            field=models.CharField(blank=True, help_text='What the clinician prescribed, in words.', max_length=200),
        ),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'label'), ('limits__isnull', False), _connector='OR'), name='prescribed_plan_has_limits'),
        ),
    ]
