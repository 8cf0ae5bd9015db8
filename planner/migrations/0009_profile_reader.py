from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0008_plan_prescribed"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="reader",
            field=models.CharField(
                blank=True,
                choices=[
                    ("patient", "I use the cream"),
                    ("carer", "I care for someone who does"),
                    ("professional", "I'm a healthcare professional"),
                ],
                help_text="Education pages speak to you, to a carer, or to a healthcare "
                "professional (who also sees the clinical details). Empty: asked on the first "
                "education page.",
                max_length=12,
                verbose_name="the education pages are for",
            ),
        ),
    ]
