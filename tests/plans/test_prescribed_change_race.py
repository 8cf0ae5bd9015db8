"""Changes to a plan made as the clinician prescribed, racing each other and ticks on
PostgreSQL (two devices, double taps): each one locks the plan, then its nights, and checks
its limits under those locks, so they apply one after the other and the nights left keep the
hard limits. (SQLite runs one writer at a time: these run on PostgreSQL only.)"""

import datetime as dt

import pytest
from django.db import connection
from prescribed_plans import make_prescribed
from test_concurrency import PARALLEL, race

from planner.plans.models import PlanEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.usefixtures("catalogue", "midday"),
]
SETS = (["mon", "wed", "fri"], ["tue", "thu", "sat"], ["sun", "tue", "thu"])


def started_ten_days_ago(owner):
    """Aldara 5% three times a week for 4 weeks in UTC (the server's date is the plan's)."""
    today = dt.datetime.now(dt.UTC).date()
    plan = make_prescribed(owner, start=today - dt.timedelta(days=10), zone="UTC")
    return plan, today


def change_to(plan, today: dt.date, at: str, days) -> tuple[str, dict]:
    data = {"from_date": today.isoformat(), "application_time": at, "timezone": "UTC"}
    return f"/plans/{plan.public_id}/change/", {**data, "weekdays": days, "save": "1"}


def test_changes_of_time_and_weekdays_racing_each_other_apply_one_after_the_other(client, owner):
    plan, today = started_ten_days_ago(owner)
    end = plan.end_date
    client.force_login(owner)
    changes = [change_to(plan, today, f"21:{i:02d}", SETS[i % 3]) for i in range(PARALLEL)]
    assert set(race(client, changes)) == {302}  # each one a real change of the one before
    events = list(PlanEvent.objects.filter(plan=plan, action="changed").order_by("id"))
    assert len(events) == PARALLEL
    plan.refresh_from_db()
    last = events[-1].detail.split("time ")[1][9:14]  # "from ...: time 21:07 to 21:13, ..."
    assert plan.application_time.strftime("%H:%M") == last
    assert plan.end_date == end  # the end never moves
    assert plan.limits.version == 1
    live = list(plan.sessions.exclude(status="cancelled").order_by("date"))
    for before, after in zip(live, live[1:], strict=False):
        assert after.apply_at - before.apply_at >= dt.timedelta(hours=plan.limits.min_hours_between)
    weekdays = set(plan.weekdays.split(","))
    for night in live:
        if night.date >= today:
            assert night.apply_at.strftime("%H:%M") == last, night
            assert night.apply_at.strftime("%a").lower() in weekdays, night
    assert all(night.date <= end for night in live)


def test_a_change_racing_ticks_leaves_every_night_a_tick_or_the_change_said(client, owner):
    plan, today = started_ten_days_ago(owner)
    client.force_login(owner)
    ahead = list(plan.sessions.filter(date__gte=today).values_list("number", flat=True))[:3]
    base = f"/plans/{plan.public_id}/sessions"
    ticks = [
        (f"{base}/{ahead[i % 3]}/", {"status": ("rest", "planned")[i // 3 % 2]})
        for i in range(PARALLEL - 1)
    ]
    ticks.insert(PARALLEL // 2, change_to(plan, today, "23:15", SETS[0]))
    assert set(race(client, ticks)) == {302}
    [changed] = PlanEvent.objects.filter(plan=plan, action="changed")
    for night in plan.sessions.filter(date__gte=today):
        last = PlanEvent.objects.filter(session=night, action__startswith="marked")
        last = last.order_by("id").last()
        at = night.apply_at.astimezone(dt.UTC).time()
        if last and last.id > changed.id:  # ticked after the change: as that tick said
            assert night.status == last.action.removeprefix("marked "), night
        elif last and last.action == "marked rest":  # a rest when the change came: it stayed
            assert (night.status, at) == ("rest", dt.time(21, 30)), night
        else:  # open when the change came: moved to the new time
            assert (night.status, at) == ("planned", dt.time(23, 15)), night
