"""Changing a plan made as the clinician prescribed (regimens/prescribed.change): a new time,
zone or weekdays from a chosen day, checked against the limits the plan was made under; the
end never moves. Property tests over random prescriptions, records and changes."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_prescribed_engine import (
    AK,
    ALDARA,
    SETTINGS,
    US_AK,
    ZONES,
    prescription,
    times,
    within,
)

from regimens import reschedule
from regimens.engine import WEEKDAYS, ScheduleError
from regimens.prescribed import build, change, live_nights

UTC = dt.UTC
STATUSES = ("planned", "planned", "done", "missed", "rest", "cancelled")
BEFORE = dt.datetime(2026, 3, 1, tzinfo=UTC)  # before the examples' course: nothing passed


def nights_of(schedule, statuses=()) -> list[reschedule.Night]:
    return [
        reschedule.Night(
            s.number,
            s.date,
            s.apply_at,
            s.wash_off_at,
            statuses[i] if i < len(statuses) else "planned",
            schedule.zone,
        )
        for i, s in enumerate(schedule.sessions)
    ]


# --- examples ---------------------------------------------------------------------------


def test_new_weekdays_from_a_day_move_the_nights_after_it_and_keep_the_end():
    p = prescription(weekdays=("mon", "wed", "fri"))
    made = build(ALDARA, p, AK, US_AK).schedule
    moved = dataclasses.replace(p, weekdays=("tue", "thu", "sat"), time=dt.time(20, 0))
    result = change(
        ALDARA,
        moved,
        end=made.end,
        nights=nights_of(made),
        from_date=dt.date(2026, 3, 16),
        now=BEFORE,
    )
    live = live_nights(result)
    assert [o.date.strftime("%a") for o in live if o.date >= dt.date(2026, 3, 16)] == [
        "Tue", "Thu", "Sat"
    ] * 2  # fmt: skip
    assert all(o.kind == "kept" for o in result.outcomes if o.date < dt.date(2026, 3, 16))
    assert max(o.date for o in live) <= made.end == dt.date(2026, 3, 29)
    assert len(live) == 12


def test_a_weekly_change_must_keep_the_prescribed_count():
    p = prescription(weekdays=("mon", "wed", "fri"))
    made = build(ALDARA, p, AK, US_AK).schedule
    with pytest.raises(ScheduleError) as caught:
        change(
            ALDARA,
            dataclasses.replace(p, weekdays=("mon", "tue", "wed", "thu")),
            end=made.end,
            nights=nights_of(made),
            from_date=p.start,
            now=BEFORE,
        )
    assert caught.value.field == "weekdays"
    assert caught.value.message == (
        "Your clinician prescribed 3 times a week: choose 3 days (you chose 4)."
    )


def test_a_change_is_checked_against_the_limits_it_is_given():
    """The caller passes the plan's own limits version: narrower ones would refuse it."""
    p = prescription(weekdays=("mon", "wed", "fri"), contact_hours=10)
    made = build(ALDARA, p, AK, US_AK).schedule
    narrower = dataclasses.replace(ALDARA, contact_hours_max=8)
    moved = dataclasses.replace(p, time=dt.time(21, 0))
    kwargs = {"end": made.end, "nights": nights_of(made), "from_date": p.start, "now": BEFORE}
    assert change(ALDARA, moved, **kwargs).changes
    with pytest.raises(ScheduleError) as caught:
        change(narrower, moved, **kwargs)
    assert caught.value.field == "contact_hours"


def test_new_weekdays_never_add_an_application_nor_a_fourth_in_a_week():
    """Three a week, Mon, Wed, Fri from Mon 1 Mar 2027 (12 in all), to Thu, Fri, Sat from
    Wed 10 Mar: Mon 8 stays, and Thu 11, Fri 12, Sat 13 would make four in that week and 13
    in all. Sat 13 is left out. The weekdays one earlier (Wed, Thu, Fri) leave out Thu 11:
    with Fri 5, Mon 8 and Wed 10 it would be the fourth in 7 days."""
    p = prescription(
        start=dt.date(2027, 3, 1), time=dt.time(2, 30), zone="America/New_York",
        weekdays=("mon", "wed", "fri"),
    )  # fmt: skip
    made = build(ALDARA, p, AK, US_AK).schedule
    cases = ((("thu", "fri", "sat"), 13, [8, 11, 12]), (("wed", "thu", "fri"), 11, [8, 10, 12]))
    for weekdays, over, week in cases:
        moved = dataclasses.replace(p, weekdays=weekdays)
        result = change(
            ALDARA, moved, end=made.end, nights=nights_of(made),
            from_date=dt.date(2027, 3, 10), now=dt.datetime(2027, 3, 9, tzinfo=UTC),
        )  # fmt: skip
        live = [o.date.day for o in live_nights(result)]
        assert len(live) == 12 and result.over == (dt.date(2027, 3, over),)
        assert [day for day in live if 8 <= day <= 14] == week


def live_before(nights, from_date, now) -> list:
    """The nights that stay whatever the change (counted, not cancelled)."""
    return [
        n
        for n in nights
        if n.status != "cancelled"
        and (n.date < from_date or n.status in reschedule.RECORDED or n.apply_at <= now)
    ]


# --- properties -------------------------------------------------------------------------


@st.composite
def changes(draw):
    """A plan made within its limits, what happened to its nights, and a change of time, zone
    and (weekly) weekdays from a day of the course."""
    lim, p, label = draw(within())
    made = build(lim, p, label, "the label")
    statuses = draw(st.lists(st.sampled_from(STATUSES), max_size=len(made.schedule.sessions)))
    weekdays = ()
    if not p.by_interval:
        weekdays = tuple(draw(st.permutations(WEEKDAYS))[: p.per_week])
    changed = dataclasses.replace(
        p, time=draw(times), zone=draw(st.sampled_from(ZONES)), weekdays=weekdays
    )
    offset = draw(st.integers(0, (made.schedule.end - p.start).days))
    from_date = p.start + dt.timedelta(days=offset)
    # the instant of the change: on the from-date's day or the one before, in any zone
    now = dt.datetime.combine(from_date, dt.time(), UTC)
    now += dt.timedelta(minutes=draw(st.integers(-38 * 60, 14 * 60)))
    return lim, made.schedule, nights_of(made.schedule, statuses), changed, from_date, now


@SETTINGS
@given(changes())
def test_a_change_keeps_every_hard_limit_and_the_end(case):
    lim, schedule, nights, changed, from_date, now = case
    result = change(lim, changed, end=schedule.end, nights=nights, from_date=from_date, now=now)
    live = live_nights(result)
    dates = [o.date for o in live]
    assert len(dates) == len(set(dates))  # never more than one application a day
    assert all(schedule.start <= day <= schedule.end for day in dates)  # the end never moves
    for before, after in zip(live, live[1:], strict=False):
        gap = after.apply_at.astimezone(UTC) - before.apply_at.astimezone(UTC)
        assert gap >= dt.timedelta(hours=lim.min_hours_between)
    # never more applications than prescribed, in all and in any 7 days running
    assert len(dates) <= max(len(schedule.sessions), len(live_before(nights, from_date, now)))
    if not changed.by_interval:
        for day in dates:
            week = [other for other in dates if day <= other < day + dt.timedelta(days=7)]
            assert len(week) <= changed.per_week, week
    numbers = [o.number for o in result.outcomes]
    assert len(numbers) == len(set(numbers))  # each night keeps its own number (its UID)
    by_number = {n.number: n for n in nights}
    for outcome in result.outcomes:
        night = by_number.get(outcome.number)
        passed = night and night.apply_at <= now
        if night and (night.date < from_date or night.status in reschedule.RECORDED or passed):
            assert outcome.kind == reschedule.KEPT  # the past, the records, a passed night
        if outcome.kind in (reschedule.MOVED, reschedule.NEW):
            assert outcome.date >= from_date
            assert outcome.apply_at.astimezone(UTC).tzinfo is not None
            if not changed.by_interval:
                assert WEEKDAYS[outcome.date.weekday()] in changed.weekdays
            else:
                assert (outcome.date - changed.start).days % changed.every_days == 0
