"""Reminders go out at the engine's instants in the plan's zone, across both clock changes of
America/New_York: `reminders --once` run with the clock moved to each instant sends exactly the
reminders due then, and nothing a second earlier."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from factories import make_plan
from regimens import engine
from reminder_kit import NEW_YORK, daily_plan, opt_in, run_at

pytestmark = pytest.mark.usefixtures("catalogue")
UTC = dt.UTC
SECOND = dt.timedelta(seconds=1)


def expected(plan, nights) -> list[tuple[dt.datetime, str]]:
    """(instant, subject) of each reminder, from the engine: 15 minutes before, at the
    wash-off (8 elapsed hours on) and a nudge an hour after the planned time."""
    zone = ZoneInfo(NEW_YORK)
    found = []
    for night in nights:
        apply = engine.local_instant(night.date, dt.time(21, 30), zone)
        wash = engine.wash_off_at(apply, 8)
        found += [
            (apply - dt.timedelta(minutes=15), "at 21:30"),
            (apply + dt.timedelta(hours=1), "Not ticked yet"),
            (wash, f"Wash off Zyclara 3.75% (left cheek) at {wash:%H:%M}"),
        ]
    return sorted(found)


@pytest.mark.parametrize(
    ("start", "change_night", "apply_utc", "wash_off_local"),
    [
        # Spring forward at 02:00 on 8 March: 21:30 EST is 02:30 UTC, and 8 hours later
        # the clock says 06:30 (EDT), not 05:30.
        (dt.date(2026, 3, 6), dt.date(2026, 3, 7), "2026-03-08T02:30", "06:30"),
        # Fall back at 02:00 on 1 November: 21:30 EDT is 01:30 UTC, 8 hours later 04:30 EST.
        (dt.date(2026, 10, 30), dt.date(2026, 10, 31), "2026-11-01T01:30", "04:30"),
    ],
)
def test_each_reminder_goes_out_at_its_instant_across_a_clock_change(
    owner, start, change_night, apply_utc, wash_off_local
):
    plan = daily_plan(owner, start)
    opt_in(owner, nudge_minutes=60)
    nights = list(plan.sessions.filter(date__range=(start, start + dt.timedelta(days=2))))
    night = next(n for n in nights if n.date == change_night)
    assert night.apply_at == dt.datetime.fromisoformat(apply_utc).replace(tzinfo=UTC)
    assert f"{night.wash_off_at.astimezone(ZoneInfo(NEW_YORK)):%H:%M}" == wash_off_local

    sent = []
    for instant, subject in expected(plan, nights):
        assert run_at(instant - SECOND) == [], f"early at {instant - SECOND}"
        [message] = run_at(instant)
        assert subject in message.subject, (instant, message.subject)
        sent.append(message.subject)
    assert len(sent) == 9
    assert f"Wash off Zyclara 3.75% (left cheek) at {wash_off_local}" in sent
    # Nothing more later on for those nights: each went once.
    assert run_at(nights[-1].wash_off_at + dt.timedelta(minutes=30)) == []


def test_the_reminder_of_the_night_the_clocks_change_says_so(owner):
    """21:30 to 06:30 reads as 9 hours: that night's reminder says why it is still 8."""
    plan = daily_plan(owner, dt.date(2026, 3, 6))
    opt_in(owner)
    ordinary, change = plan.sessions.filter(date__lte=dt.date(2026, 3, 7)).order_by("date")
    lead = dt.timedelta(minutes=15)
    [before_ordinary] = run_at(ordinary.apply_at - lead)
    [before_change] = run_at(change.apply_at - lead)
    says = "The clocks go forward 1 hour during this night: 06:30 is still 8 hours after 21:30."
    assert says in before_change.body
    assert "clocks" not in before_ordinary.body


def test_the_night_whose_time_the_clocks_skip_says_so(owner):
    """01:30 in London does not exist on Sunday 28 March 2027: the night is at 02:30, and its
    reminder says why (tests/plans/test_clocks_skip_the_time.py: the pages)."""
    plan = make_plan(
        owner,
        "aldara-egw",
        weekdays=("tue", "fri", "sun"),
        application_time=dt.time(1, 30),
        start_date=dt.date(2027, 3, 26),
    )
    opt_in(owner)
    night = plan.sessions.get(date=dt.date(2027, 3, 28))
    [reminder] = run_at(night.apply_at - dt.timedelta(minutes=15))
    assert reminder.subject.endswith("at 02:30")
    said = "There is no 01:30 this night: the clocks go forward, so it is 02:30."
    assert said in " ".join(reminder.body.split())
    [wash_off] = run_at(night.wash_off_at)
    assert "There is no" not in wash_off.body
