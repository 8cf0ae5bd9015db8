"""An early end now cancels the rest nights from its day on, as it always did the planned ones
(services.plan_end): do so for plans ended before, so that their pages, calendars, log and
report agree. The day is the plan's own on the day it ended (Plan.ended_on)."""

from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models import F
from django.utils import timezone


def ended_on(plan):
    zone = ZoneInfo(plan.timezone)
    if plan.timezone_before:  # a change of zone saved ahead: not begun on that day
        before = ZoneInfo(plan.timezone_before)
        if plan.ended_at.astimezone(before).date() < plan.timezone_from:
            zone = before
    return plan.ended_at.astimezone(zone).date()


def cancel_rest_after_an_end(apps, schema_editor):
    Plan = apps.get_model("planner", "Plan")
    Session = apps.get_model("planner", "Session")
    ended = Plan.objects.filter(
        status__in=("stopped", "cleared"), ended_at__isnull=False, sessions__status="rest"
    ).distinct()
    for plan in ended.iterator():
        Session.objects.filter(plan=plan, status="rest", date__gte=ended_on(plan)).update(
            status="cancelled", sequence=F("sequence") + 1, updated_at=timezone.now()
        )


class Migration(migrations.Migration):
    dependencies = [("planner", "0018_plan_timezone_ahead")]

    operations = [migrations.RunPython(cancel_rest_after_an_end, migrations.RunPython.noop)]
