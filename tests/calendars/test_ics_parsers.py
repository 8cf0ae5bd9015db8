"""Three independent readers agree with the Session rows on every instant, across DST changes."""

import datetime as dt

import pytest

from factories import make_plan
from icsparsers import all_parsers
from planner.calendars.ics import WASH_OFF_LENGTH, event_uid, plan_calendar

pytestmark = pytest.mark.usefixtures("catalogue")

# Daily applications (Zyclara: 14 days on) starting a week before a change, so one night's
# 8 hours of contact span it. Times are local.
CASES = {
    "london-spring": ("Europe/London", dt.date(2026, 3, 23), dt.time(22)),
    "london-autumn-wash-off-in-the-repeated-hour": (
        "Europe/London",
        dt.date(2026, 10, 19),
        dt.time(18, 30),
    ),
    "new-york-spring": ("America/New_York", dt.date(2026, 3, 2), dt.time(22)),
    "new-york-autumn": ("America/New_York", dt.date(2026, 10, 26), dt.time(22)),
    "sydney-autumn": ("Australia/Sydney", dt.date(2026, 3, 30), dt.time(22)),
    "sydney-spring": ("Australia/Sydney", dt.date(2026, 9, 28), dt.time(22)),
    "lord-howe-autumn-half-hour-repeated": (
        "Australia/Lord_Howe",
        dt.date(2026, 3, 30),
        dt.time(18, 10),
    ),
    "lord-howe-spring-half-hour": ("Australia/Lord_Howe", dt.date(2026, 9, 28), dt.time(22)),
    "santiago-autumn-at-midnight": ("America/Santiago", dt.date(2026, 3, 30), dt.time(22)),
    "santiago-applied-in-the-repeated-hour": (
        "America/Santiago",
        dt.date(2026, 3, 30),
        dt.time(23, 30),
    ),
    "santiago-spring-at-midnight": ("America/Santiago", dt.date(2026, 8, 31), dt.time(22)),
}


def crosses_a_change(plan, sessions) -> bool:
    offset = lambda t: t.astimezone(plan.zone).utcoffset()  # noqa: E731
    return any(offset(s.apply_at) != offset(s.wash_off_at) for s in sessions)


@pytest.fixture(params=list(CASES), ids=list(CASES))
def dst_plan(request, owner):
    zone, start, at = CASES[request.param]
    plan = make_plan(
        owner, "zyclara-ak-3-75", weekdays=(), timezone=zone, start_date=start, application_time=at
    )
    sessions = list(plan.sessions.all())
    assert crosses_a_change(plan, sessions), "the case must put a change inside a night"
    return plan, sessions


@pytest.mark.parametrize("parse", all_parsers(), ids=lambda p: p.__name__)
def test_every_apply_and_wash_off_instant_matches_the_rows(dst_plan, parse):
    plan, sessions = dst_plan
    read = parse(plan_calendar(plan, sessions, keep_cancelled=True))
    for s in sessions:
        assert read[event_uid(plan, "apply", s.number)] == (s.apply_at, s.wash_off_at)
        wash_off = (s.wash_off_at, s.wash_off_at + WASH_OFF_LENGTH)
        assert read[event_uid(plan, "wash-off", s.number)] == wash_off


@pytest.mark.parametrize("parse", all_parsers(), ids=lambda p: p.__name__)
def test_the_follow_up_is_an_all_day_event_after_the_course(owner, parse):
    plan = make_plan(owner)  # aldara-ak: follow-up 56 days after the last application
    read = parse(plan_calendar(plan, list(plan.sessions.all()), keep_cancelled=True))
    day = plan.sessions.last().date + dt.timedelta(days=56)
    assert read[event_uid(plan, "follow-up")] == (day, day + dt.timedelta(days=1))
