"""A plan prescribed every N days stores N (Plan.every_days), and a change of time or zone
reads it there, not from the plan's description: its dates still count from the start.
Every day (N=1) changes as seven a week, as it did before N was stored."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from prescribed_plans import make_prescribed

from planner.plans.changes import plan_change, prescription_of, weekdays_fixed
from planner.plans.models import Plan

pytestmark = pytest.mark.usefixtures("catalogue")
NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)  # a Tuesday in the course's second week
START, END = dt.date(2026, 3, 2), dt.date(2026, 3, 29)
ALL_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def live_dates(plan) -> list[dt.date]:
    return list(plan.sessions.exclude(status="cancelled").values_list("date", flat=True))


@time_machine.travel(NOW, tick=False)
def test_every_3_days_is_stored_and_a_new_time_and_zone_keep_its_dates(owner):
    plan = make_prescribed(owner, per_week=0, every_days=3)
    every_third = [START + dt.timedelta(days=d) for d in range(0, 28, 3)]
    assert Plan.objects.get(pk=plan.pk).every_days == 3
    assert live_dates(plan) == every_third
    # The description is for people: a change no longer reads N from it.
    Plan.objects.filter(pk=plan.pk).update(prescription="one night in three, for 4 weeks")

    result = plan_change(
        plan=plan,
        from_date=dt.date(2026, 3, 11),
        application_time=dt.time(20, 0),
        timezone="America/New_York",
        weekdays=["sun"],  # not asked for every N days: ignored
        today=NOW.date(),
        now=NOW,
    )

    plan.refresh_from_db()
    assert result.changes
    assert (plan.every_days, plan.timezone, plan.end_date) == (3, "America/New_York", END)
    assert live_dates(plan) == every_third
    moved = plan.sessions.filter(date__gte=dt.date(2026, 3, 11))
    assert {s.apply_at.astimezone(plan.zone).strftime("%H:%M") for s in moved} == {"20:00"}


def test_a_weekly_plan_stores_none_and_chooses_its_weekdays(owner):
    plan = make_prescribed(owner)
    assert plan.every_days is None and not weekdays_fixed(plan)
    days = ("tue", "thu", "sat")
    changed = prescription_of(plan, time=dt.time(20), zone="UTC", weekdays=days)
    assert (changed.per_week, changed.weekdays, changed.every_days) == (3, days, None)


@pytest.mark.parametrize("every_days", [1, None], ids=["every-1-day", "made-before-it-was-stored"])
def test_every_day_changes_as_seven_a_week(owner, every_days):
    """Every 1 day: the same nights as seven a week; plans made before every_days was stored
    have none for it. Both change as seven a week on chosen weekdays, as before."""
    plan = make_prescribed(owner, per_week=0, every_days=1)
    Plan.objects.filter(pk=plan.pk).update(every_days=every_days)
    plan.refresh_from_db()
    assert plan.prescription.startswith("every day for 4 weeks")
    changed = prescription_of(plan, time=dt.time(20), zone="UTC", weekdays=ALL_WEEK)
    assert not weekdays_fixed(plan)
    assert (changed.per_week, changed.weekdays, changed.every_days) == (7, ALL_WEEK, None)


def test_every_days_is_1_or_more(owner):
    plan = make_prescribed(owner, per_week=0, every_days=2)
    plan.every_days = 0
    with pytest.raises(ValidationError) as caught:
        plan.full_clean()
    assert "every_days" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(every_days=0)


@time_machine.travel(NOW, tick=False)
def test_a_plan_of_one_application_says_one_application(client, owner):
    """Every 7 days for a week: one night, not "1 applications"."""
    plan = make_prescribed(owner, weeks=1, per_week=0, every_days=7)
    assert plan.sessions.count() == 1
    client.force_login(owner)
    for page in ("", "print/"):
        body = " ".join(client.get(f"/plans/{plan.public_id}/{page}").content.decode().split())
        assert "1 application" in body and "1 applications" not in body, page
