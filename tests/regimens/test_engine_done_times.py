"""The engine's done times: a typed wall time read in the night's window (from the rule), and
the fewest hours between two applications. Property tests check them against a brute-force
oracle that walks the window minute by minute, in zones whose clocks change (by an hour, or
by half an hour on Lord Howe Island), with nights planned inside the changes."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from test_engine_properties import TRANSITIONS
from test_seed_rules import SEED_RULES

from regimens.engine import (
    RuleSpec,
    ScheduleError,
    check_done_spacing,
    check_done_window,
    done_window,
    local_instant,
    read_done_time,
)

UTC = dt.UTC
ZONES = ("America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "UTC")
MINUTE = dt.timedelta(minutes=1)
SETTINGS = settings(max_examples=150, deadline=None)
RULE = SEED_RULES["zyclara-egw"]  # 6 hours before, 12 after, 16 between
NEW_YORK = ZoneInfo("America/New_York")


def at(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def ny(*args, fold=0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NEW_YORK, fold=fold)


# --- examples -------------------------------------------------------------------------


def test_it_reads_03_00_for_a_21_30_night_as_the_next_morning():
    planned = ny(2026, 12, 7, 21, 30)
    assert read_done_time(RULE, planned, at("03:00"), NEW_YORK) == ny(2026, 12, 8, 3)


def test_it_reads_an_evening_time_on_the_night_s_own_date():
    planned = ny(2026, 12, 7, 21, 30)
    assert read_done_time(RULE, planned, at("19:15"), NEW_YORK) == ny(2026, 12, 7, 19, 15)


def test_it_reads_a_time_just_before_midnight_for_a_night_just_after_it_the_evening_before():
    planned = ny(2026, 12, 8, 0, 30)
    assert read_done_time(RULE, planned, at("23:40"), NEW_YORK) == ny(2026, 12, 7, 23, 40)


def test_a_time_outside_the_window_says_the_window():
    with pytest.raises(ScheduleError) as refused:
        read_done_time(RULE, ny(2026, 12, 7, 21, 30), at("12:00"), NEW_YORK)
    assert refused.value.field == "done_time"
    assert refused.value.message == (
        "12:00 does not fit this night, planned for 21:30 on Mon 7 Dec. "
        "Between 15:30 on Mon 7 Dec and 09:30 on Tue 8 Dec, please."
    )


def test_a_time_still_to_come_is_refused_as_the_future():
    planned, now = ny(2026, 12, 7, 21, 30), ny(2026, 12, 7, 20)
    with pytest.raises(ScheduleError, match="A done time cannot be in the future."):
        read_done_time(RULE, planned, at("20:01"), NEW_YORK, now=now)
    assert read_done_time(RULE, planned, at("20:00"), NEW_YORK, now=now) == now


def test_the_window_is_elapsed_hours_across_a_clock_change():
    planned = ny(2026, 11, 1, 0, 30)  # New York's clocks go back at 02:00 that night
    first, last = done_window(RULE, planned)
    assert last - first == dt.timedelta(hours=18)
    assert last.astimezone(NEW_YORK) == ny(2026, 11, 1, 11, 30)  # 12 hours, an hour repeated


def test_a_repeated_hour_reads_its_second_occurrence_when_only_that_one_fits():
    rule = RuleSpec("x", 7, (), 1, 1, 1, done_hours_before=0, done_hours_after=1)
    planned = ny(2026, 11, 1, 1, 10, fold=1)  # the second 01:10, in EST
    done = read_done_time(rule, planned, at("01:40"), NEW_YORK)
    assert done.astimezone(UTC) == dt.datetime(2026, 11, 1, 6, 40, tzinfo=UTC)


def test_a_skipped_time_reads_as_the_wall_time_after_the_gap():
    planned = ny(2026, 3, 8, 1, 30)  # 02:00-03:00 is skipped that night
    done = read_done_time(RULE, planned, at("02:30"), NEW_YORK)
    assert done == ny(2026, 3, 8, 3, 30)


def test_check_done_window_passes_inside_and_refuses_outside():
    planned = ny(2026, 12, 7, 21, 30)
    check_done_window(RULE, planned, ny(2026, 12, 7, 15, 30), NEW_YORK)
    check_done_window(RULE, planned, ny(2026, 12, 8, 9, 30), NEW_YORK)
    with pytest.raises(ScheduleError, match="Between 15:30 on Mon 7 Dec and 09:30 on Tue 8"):
        check_done_window(RULE, planned, ny(2026, 12, 7, 7, 30), NEW_YORK)  # 14 hours before


def test_two_applications_too_close_are_refused_with_the_gap_and_the_rule():
    with pytest.raises(ScheduleError) as refused:
        check_done_spacing(RULE, ny(2026, 12, 8, 15, 30), [ny(2026, 12, 8, 9, 30)])
    assert refused.value.message == (
        "That would put two applications 6 hours apart; this treatment is used at most once "
        "a day (at least 16 hours apart)."
    )


def test_the_gap_is_said_in_hours_and_minutes():
    with pytest.raises(ScheduleError, match="1 hour 5 minutes apart"):
        check_done_spacing(RULE, ny(2026, 12, 8, 1, 5), [ny(2026, 12, 8, 0, 0)])
    with pytest.raises(ScheduleError, match="40 minutes apart"):
        check_done_spacing(RULE, ny(2026, 12, 8, 0, 0), [ny(2026, 12, 8, 0, 40)])


def test_spacing_is_elapsed_time_across_a_clock_change():
    before, after = ny(2026, 11, 1, 0, 30), ny(2026, 11, 1, 15, 30)  # 15 wall hours, 16 elapsed
    check_done_spacing(RULE, after, [before])
    with pytest.raises(ScheduleError, match="14 hours apart"):
        check_done_spacing(RULE, ny(2026, 3, 8, 15, 30), [ny(2026, 3, 8, 0, 30)])  # 14 elapsed


def test_exactly_the_minimum_and_no_other_application_pass():
    check_done_spacing(RULE, ny(2026, 12, 8, 16), [ny(2026, 12, 8, 0)])
    check_done_spacing(RULE, ny(2026, 12, 8, 16), [])


def test_the_seed_rules_all_carry_a_window_and_the_once_a_day_spacing():
    for rule in SEED_RULES.values():
        assert (rule.done_hours_before, rule.done_hours_after) == (6, 12)
        assert rule.min_hours_between == 16


# --- properties -----------------------------------------------------------------------


@st.composite
def rules(draw) -> RuleSpec:
    return RuleSpec(
        "drawn",
        7,
        (),
        1,
        1,
        1,
        done_hours_before=draw(st.integers(0, 12)),
        done_hours_after=draw(st.integers(1, 12)),
        min_hours_between=draw(st.integers(1, 22)),
    )


@st.composite
def nights(draw) -> tuple[dt.datetime, ZoneInfo]:
    """A planned instant; half the time within a day of a clock change."""
    name = draw(st.sampled_from(ZONES))
    zone = ZoneInfo(name)
    if TRANSITIONS[name] and draw(st.booleans()):
        change = draw(st.sampled_from(TRANSITIONS[name])).start
        near = change + dt.timedelta(minutes=draw(st.integers(-24 * 60, 24 * 60)))
        day, time = near.date(), whole_minutes(near.time())
    else:
        day = draw(st.dates(dt.date(2024, 1, 1), dt.date(2032, 12, 31)))
        time = whole_minutes(draw(st.times()))
    return local_instant(day, time, zone), zone


def whole_minutes(time: dt.time) -> dt.time:
    return time.replace(second=0, microsecond=0)


typed_times = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))


@st.composite
def typed_for(draw, planned: dt.datetime, zone: ZoneInfo) -> dt.time:
    """Any time; or one near the planned time; or one that a nearby clock change skips or
    repeats."""
    name = zone.key
    changes = [
        c
        for c in TRANSITIONS[name]
        if abs(c.start - planned.replace(tzinfo=None)) < dt.timedelta(days=2)
    ]
    kind = draw(st.sampled_from(["any", "near"] + ["change"] * 2 * bool(changes)))
    if kind == "any":
        return draw(typed_times)
    if kind == "near":
        moved = planned + dt.timedelta(minutes=draw(st.integers(-13 * 60, 13 * 60)))
        return whole_minutes(moved.astimezone(zone).time())
    change = draw(st.sampled_from(changes))
    inside = change.start + dt.timedelta(minutes=draw(st.integers(0, change.seconds // 60 - 1)))
    return whole_minutes(inside.time())


def occurrences(rule: RuleSpec, planned: dt.datetime, typed: dt.time, zone) -> list:
    """Oracle: every minute of the window whose wall clock shows `typed`."""
    first, last = done_window(rule, planned)
    found, minute = [], first
    while minute <= last:
        if minute.astimezone(zone).time() == typed:
            found.append(minute)
        minute += MINUTE
    return found


def clock_distance(one: dt.time, other: dt.time) -> dt.timedelta:
    """How far apart two wall times are round the clock face."""
    day = dt.timedelta(days=1)
    gap = abs(dt.datetime.combine(dt.date.min, one) - dt.datetime.combine(dt.date.min, other))
    return min(gap, day - gap)


@SETTINGS
@given(rules(), nights(), st.data())
def test_a_reading_is_always_in_the_window_and_the_nearest_real_one(rule, night, data):
    planned, zone = night
    typed = data.draw(typed_for(planned, zone))
    first, last = done_window(rule, planned)
    real = occurrences(rule, planned, typed, zone)
    try:
        done = read_done_time(rule, planned, typed, zone)
    except ScheduleError as refused:
        event("outside the window")
        assert not real and "Between" in refused.message
        return
    event(f"{len(real)} real readings in the window")
    if not real:
        event("a skipped time")
    assert first <= done <= last
    if real:
        # In UTC: Python never finds a time in a repeated hour equal to one in another zone.
        nearest = min(real, key=lambda instant: abs(instant - planned))
        assert done.astimezone(UTC) == nearest
    else:  # a time the clock skipped: read as the wall time after the gap
        assert done.astimezone(zone).time() != typed
        assert clock_distance(done.astimezone(zone).time(), typed) <= dt.timedelta(hours=1)


SANTIAGO = ZoneInfo("America/Santiago")  # clocks go from 00:00 to 01:00 on 8 Sep 2024


@SETTINGS
@given(rules(), nights(), typed_times, st.integers(-13 * 60, 13 * 60))
@example(  # the first reading after the gap, a minute after now: hypothesis found it
    rule=RuleSpec("drawn", 7, (), 1, 1, 1, done_hours_before=0, done_hours_after=1),
    night=(dt.datetime(2024, 9, 8, 1, 0, tzinfo=SANTIAGO), SANTIAGO),
    typed=dt.time(0, 0),
    minutes=-1,
)
def test_a_reading_is_never_after_now(rule, night, typed, minutes):
    planned, zone = night
    # Elapsed minutes, in UTC: an aware datetime plus a timedelta moves its wall clock, which
    # can land in a gap the clocks skip, and two datetimes of the same zone compare by wall
    # clock (the 01:00 just after a spring-forward would not be after the gap's 00:59).
    now = planned.astimezone(UTC) + dt.timedelta(minutes=minutes)
    try:
        done = read_done_time(rule, planned, typed, zone, now=now)
    except ScheduleError:
        return
    assert done.astimezone(UTC) <= now


@SETTINGS
@given(rules(), nights(), st.integers(-13 * 60, 13 * 60))
def test_the_window_check_passes_exactly_the_instants_inside_the_window(rule, night, minutes):
    planned, zone = night
    done = planned.astimezone(UTC) + dt.timedelta(minutes=minutes)  # elapsed, as above
    first, last = done_window(rule, planned)
    try:
        check_done_window(rule, planned, done, zone)
    except ScheduleError:
        assert not first <= done <= last
    else:
        assert first <= done <= last


@SETTINGS
@given(rules(), st.lists(st.integers(0, 14 * 24 * 60), max_size=8), st.integers(0, 14 * 24 * 60))
def test_spacing_refuses_exactly_when_another_application_is_closer_than_the_minimum(
    rule, others, candidate
):
    start = dt.datetime(2026, 3, 1, tzinfo=UTC)
    instants = [(start + dt.timedelta(minutes=m)).astimezone(NEW_YORK) for m in others]
    done = start + dt.timedelta(minutes=candidate)
    too_close = any(abs(candidate - m) < rule.min_hours_between * 60 for m in others)
    try:
        check_done_spacing(rule, done, instants)
    except ScheduleError:
        assert too_close
    else:
        assert not too_close


@SETTINGS
@given(
    rules(),
    st.sampled_from(ZONES),
    st.dates(dt.date(2024, 1, 1), dt.date(2032, 12, 1)),
    typed_times,
    st.lists(st.tuples(st.integers(0, 20), typed_times), min_size=2, max_size=12),
)
def test_recorded_applications_are_never_closer_than_the_minimum(rule, name, day, bedtime, marks):
    """Nights a day apart, each recorded at a typed time if the window and spacing allow."""
    zone = ZoneInfo(name)
    kept: dict[int, dt.datetime] = {}
    for night, typed in marks:
        planned = local_instant(day + dt.timedelta(days=night), bedtime, zone)
        try:
            done = read_done_time(rule, planned, typed, zone)
            check_done_spacing(rule, done, [d for n, d in kept.items() if n != night])
        except ScheduleError:
            continue
        kept[night] = done
    times = sorted(d.astimezone(UTC) for d in kept.values())
    least = dt.timedelta(hours=rule.min_hours_between)
    assert all(later - earlier >= least for earlier, later in itertools.pairwise(times))
