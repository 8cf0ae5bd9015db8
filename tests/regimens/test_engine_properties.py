"""Property tests of the scheduling engine: every rule shape, every valid weekday set,
random start dates 2024-2032, random times (deliberately including times that a clock
change skips or repeats), contact hours in range, and zones with odd clock rules."""

import datetime as dt
import functools
import itertools
from dataclasses import dataclass

from hypothesis import event, given, settings
from hypothesis import strategies as st
from test_seed_rules import SEED_RULES

from regimens.engine import (
    WEEKDAYS,
    Phase,
    PlanInputs,
    RuleSpec,
    ScheduleError,
    build_schedule,
    clock_shift,
    day_name,
    first_night,
    format_cycles,
    get_zone,
    local_instant,
    parse_cycles,
    parse_weekdays,
    sessions_between,
    validate_weekdays,
)

UTC = dt.UTC
FIRST_START = dt.date(2024, 1, 1)
LAST_START = dt.date(2032, 12, 31)
ZONES = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "America/Santiago",  # changes at midnight: 00:00-01:00 skipped, 23:00-24:00 repeated
    "Australia/Lord_Howe",  # 30-minute DST
    "Asia/Tehran",  # no DST since 2022, +03:30
    "Pacific/Auckland",
    "Asia/Kolkata",  # +05:30, no DST
)

SETTINGS = settings(max_examples=120, deadline=None)

# --- the label regimens, as seeds/regimens.toml gives them to the app -------------------

RULES = tuple(SEED_RULES.values())
CYCLED_RULES = tuple(rule for rule in RULES if rule.cycles)

# --- oracles, written independently of the engine ------------------------------------


def circular_distance(a: int, b: int) -> int:
    return min((a - b) % 7, (b - a) % 7)


def is_valid_weekday_set(rule: RuleSpec, days: tuple[int, ...]) -> bool:
    if len(days) != rule.applications_per_week:
        return False
    return all(
        circular_distance(a, b) >= rule.min_days_between for a, b in itertools.combinations(days, 2)
    )


def as_names(days: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(WEEKDAYS[d] for d in days)


@functools.cache
def valid_weekday_sets(rule: RuleSpec) -> tuple[tuple[str, ...], ...]:
    """Every combination of N weekdays, kept when all pairs are far enough apart."""
    combos = itertools.combinations(range(7), rule.applications_per_week)
    return tuple(as_names(c) for c in combos if is_valid_weekday_set(rule, c))


@functools.cache
def invalid_weekday_sets(rule: RuleSpec) -> tuple[tuple[str, ...], ...]:
    """Every other subset of the week (a daily rule reads 'none chosen' as every day)."""
    subsets = (c for n in range(8) for c in itertools.combinations(range(7), n))
    return tuple(
        as_names(c)
        for c in subsets
        if not is_valid_weekday_set(rule, c) and not (rule.daily and len(c) == 0)
    )


def on_offsets(rule: RuleSpec) -> list[int]:
    """Day offsets of the course that lie in an 'on' phase (no cycles: all of them)."""
    if not rule.cycles:
        return list(range(rule.course_days))
    offsets, at = [], 0
    for phase in rule.cycles:
        if phase.on:
            offsets.extend(range(at, at + phase.days))
        at += phase.days
    return [o for o in offsets if o < rule.course_days]


def expected_count(rule: RuleSpec) -> int:
    """All phases (and courses) here are whole weeks, so each holds N sessions a week."""
    on_days = len(on_offsets(rule))
    assert on_days % 7 == 0
    return on_days // 7 * rule.applications_per_week


def cap_maximum(rule: RuleSpec) -> int:
    return -(-rule.cap_days // 7) * rule.applications_per_week


def wall(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)


def offset_at(instant: dt.datetime, zone) -> dt.timedelta:
    return instant.replace(tzinfo=UTC).astimezone(zone).utcoffset()


@dataclass(frozen=True)
class Expected:
    utc: dt.datetime  # naive UTC
    wall: dt.datetime  # naive local
    kind: str  # "normal", "ambiguous" or "gap"


def expected_instant(day: dt.date, time: dt.time, zone) -> Expected:
    """Brute force from the UTC side (which is never ambiguous): try each offset in use
    around that day and keep those that show the wanted wall time. Clock changes here
    are months apart, so the offsets 30 h either side are 'before' and 'after'."""
    naive = dt.datetime.combine(day, time.replace(tzinfo=None))
    before = offset_at(naive - dt.timedelta(hours=30), zone)
    after = offset_at(naive + dt.timedelta(hours=30), zone)
    hits = sorted(
        {naive - off for off in (before, after) if wall_of_utc(naive - off, zone) == naive}
    )
    if len(hits) == 2:
        return Expected(hits[0], naive, "ambiguous")  # first occurrence = earlier instant
    if hits:
        return Expected(hits[0], naive, "normal")
    return Expected(naive - before, naive + (after - before), "gap")


def wall_of_utc(naive_utc: dt.datetime, zone) -> dt.datetime:
    return wall(naive_utc.replace(tzinfo=UTC).astimezone(zone))


@dataclass(frozen=True)
class Window:
    """Local wall times that a clock change skips (gap) or shows twice (fold)."""

    start: dt.datetime
    seconds: int


def find_transitions(name: str) -> tuple[Window, ...]:
    zone = get_zone(name)
    windows = []
    t = dt.datetime(2023, 12, 25)
    prev = offset_at(t, zone)
    while t < dt.datetime(2033, 1, 10):
        nxt = t + dt.timedelta(days=1)
        off = offset_at(nxt, zone)
        if off != prev:
            lo, hi = t, nxt
            while hi - lo > dt.timedelta(seconds=1):
                mid = lo + (hi - lo) // 2
                lo, hi = (mid, hi) if offset_at(mid, zone) == prev else (lo, mid)
            start = hi + min(prev, off)
            if FIRST_START <= start.date() <= LAST_START:
                windows.append(Window(start, int(abs(off - prev).total_seconds())))
        t, prev = nxt, off
    return tuple(windows)


TRANSITIONS = {name: find_transitions(name) for name in ZONES}


# --- strategies -----------------------------------------------------------------------


def contact_hours(rule: RuleSpec):
    low, high = rule.contact_hours_min, rule.contact_hours_max
    if low == high:
        return st.just(low)
    return st.one_of(
        st.sampled_from([low, high, rule.contact_hours_default]),
        st.floats(min_value=low, max_value=high, allow_nan=False),
    )


@st.composite
def plans(draw, rules=RULES):
    """A rule and valid inputs; half the time the course holds a session whose chosen
    time falls inside a DST gap or fold of the zone."""
    rule = draw(st.sampled_from(rules))
    zone = draw(st.sampled_from(ZONES))
    hours = draw(contact_hours(rule))
    windows = TRANSITIONS[zone]
    if windows and draw(st.booleans()):
        window = draw(st.sampled_from(windows))
        moment = window.start + dt.timedelta(seconds=draw(st.integers(0, window.seconds - 1)))
        day, time = moment.date(), moment.time()
        offsets = [o for o in on_offsets(rule) if day - dt.timedelta(days=o) >= FIRST_START]
        start = day - dt.timedelta(days=draw(st.sampled_from(offsets)))
        fitting = [s for s in valid_weekday_sets(rule) if WEEKDAYS[day.weekday()] in s]
        weekdays = draw(st.sampled_from(fitting))
    else:
        start = draw(st.dates(FIRST_START, LAST_START))
        time = draw(st.times())
        weekdays = draw(st.sampled_from(valid_weekday_sets(rule)))
    return rule, PlanInputs(start, weekdays, time, zone, hours)


# --- the oracles themselves -----------------------------------------------------------


def test_the_weekday_set_enumeration_matches_the_label_shapes():
    assert len(valid_weekday_sets(SEED_RULES["aldara-ak"])) == 7  # pairs 3 or 4 days apart
    assert len(valid_weekday_sets(SEED_RULES["aldara-egw"])) == 7  # gaps 2, 2, 3 rotated
    assert len(valid_weekday_sets(SEED_RULES["aldara-sbcc"])) == 21  # any five days
    assert valid_weekday_sets(SEED_RULES["zyclara-egw"]) == (WEEKDAYS,)
    for rule in RULES:
        assert rule.default_weekdays in valid_weekday_sets(rule)
        assert len(valid_weekday_sets(rule)) + len(invalid_weekday_sets(rule)) == 128 - rule.daily


def test_the_transition_finder_sees_gaps_and_folds_in_every_dst_zone():
    for name in ("Europe/London", "America/New_York", "America/Santiago", "Pacific/Auckland"):
        assert len(TRANSITIONS[name]) == 18
        assert {w.seconds for w in TRANSITIONS[name]} == {3600}
    assert {w.seconds for w in TRANSITIONS["Australia/Lord_Howe"]} == {1800}
    assert TRANSITIONS["Asia/Tehran"] == TRANSITIONS["Asia/Kolkata"] == TRANSITIONS["UTC"] == ()


# --- properties -----------------------------------------------------------------------


@SETTINGS
@given(plans())
def test_the_session_count_is_the_labels_count(plan):
    rule, inputs = plan

    count = len(build_schedule(rule, inputs).sessions)

    if rule.until_cleared:
        assert 0 < count <= cap_maximum(rule)
    else:
        assert count == expected_count(rule)


@SETTINGS
@given(plans())
def test_every_session_lies_in_the_fixed_window(plan):
    rule, inputs = plan

    schedule = build_schedule(rule, inputs)

    assert schedule.start == inputs.start
    assert schedule.end == inputs.start + dt.timedelta(days=rule.course_days - 1)
    assert all(schedule.start <= s.date <= schedule.end for s in schedule.sessions)


@SETTINGS
@given(plans())
def test_consecutive_sessions_are_at_least_the_minimum_days_apart(plan):
    rule, inputs = plan

    dates = [s.date for s in build_schedule(rule, inputs).sessions]

    assert all((b - a).days >= rule.min_days_between for a, b in itertools.pairwise(dates))


@SETTINGS
@given(plans())
def test_there_is_at_most_one_session_per_local_day_and_on_that_day(plan):
    rule, inputs = plan

    sessions = build_schedule(rule, inputs).sessions

    assert [s.number for s in sessions] == list(range(1, len(sessions) + 1))
    assert len({s.date for s in sessions}) == len(sessions)
    assert len({s.apply_at.date() for s in sessions}) == len(sessions)
    for session in sessions:
        assert session.apply_at.tzinfo.key == inputs.zone
        assert session.apply_at.date() == session.date


@SETTINGS
@given(plans())
def test_contact_time_is_exact_elapsed_time(plan):
    rule, inputs = plan

    schedule = build_schedule(rule, inputs)

    contact = dt.timedelta(hours=float(inputs.contact_hours))
    for session in schedule.sessions:
        assert session.wash_off_at.astimezone(UTC) - session.apply_at.astimezone(UTC) == contact
        assert session.wash_off_at.tzinfo.key == inputs.zone


@SETTINGS
@given(plans())
def test_the_clocks_shift_is_what_the_wall_times_differ_by_beyond_the_contact(plan):
    """What the pages say on a night the clocks change ("the clocks go back 1 hour"): the
    wall-clock gap between applying and washing off is the contact time plus that shift."""
    rule, inputs = plan
    zone = get_zone(inputs.zone)
    contact = dt.timedelta(hours=float(inputs.contact_hours))
    for session in build_schedule(rule, inputs).sessions:
        start, end = (
            instant.astimezone(zone).replace(tzinfo=None)
            for instant in (session.apply_at, session.wash_off_at)
        )
        assert end - start == contact + clock_shift(session.apply_at, session.wash_off_at, zone)


@SETTINGS
@given(plans())
def test_the_apply_time_is_the_chosen_wall_time_or_just_after_a_gap(plan):
    rule, inputs = plan

    schedule = build_schedule(rule, inputs)

    zone = get_zone(inputs.zone)
    for session in schedule.sessions:
        expected = expected_instant(session.date, inputs.time, zone)
        event(expected.kind)
        assert wall(session.apply_at.astimezone(UTC)) == expected.utc, expected.kind
        assert wall(session.apply_at) == expected.wall, expected.kind
        if expected.kind == "ambiguous":
            assert session.apply_at.fold == 0


@SETTINGS
@given(plans(), st.data())
def test_a_rest_range_covers_a_subset_and_never_adds_sessions(plan, data):
    rule, inputs = plan
    schedule = build_schedule(rule, inputs)
    count, end = len(schedule.sessions), schedule.end
    first = inputs.start + dt.timedelta(days=data.draw(st.integers(-20, rule.course_days + 20)))
    last = first + dt.timedelta(days=data.draw(st.integers(-5, 120)))

    covered = sessions_between(schedule, first, last)

    assert set(covered) <= set(schedule.sessions)
    assert covered == tuple(s for s in schedule.sessions if first <= s.date <= last)
    assert len(covered) <= count
    assert (len(schedule.sessions), schedule.end) == (count, end)
    assert build_schedule(rule, inputs) == schedule


@SETTINGS
@given(plans(rules=CYCLED_RULES))
def test_off_cycle_days_never_hold_sessions(plan):
    rule, inputs = plan

    schedule = build_schedule(rule, inputs)

    allowed = {inputs.start + dt.timedelta(days=o) for o in on_offsets(rule)}
    assert {s.date for s in schedule.sessions} <= allowed
    assert len(schedule.sessions) == len(allowed)  # daily rules: every 'on' day is used


@st.composite
def invalid_plans(draw):
    rule = draw(st.sampled_from(RULES))
    weekdays = draw(st.sampled_from(invalid_weekday_sets(rule)))
    inputs = PlanInputs(
        start=draw(st.dates(FIRST_START, LAST_START)),
        weekdays=draw(st.sampled_from([weekdays, ",".join(weekdays), list(weekdays)])),
        time=draw(st.times()),
        zone=draw(st.sampled_from(ZONES)),
        contact_hours=rule.contact_hours_default,
    )
    return rule, inputs


@SETTINGS
@given(invalid_plans())
def test_invalid_weekday_sets_always_raise_on_the_weekdays_field(plan):
    rule, inputs = plan

    for attempt in (
        lambda: build_schedule(rule, inputs),
        lambda: validate_weekdays(rule, inputs.weekdays),
    ):
        try:
            attempt()
        except ScheduleError as exc:
            assert exc.field == "weekdays"
            assert exc.message
        else:
            raise AssertionError(f"{inputs.weekdays!r} accepted for {rule.slug}")


# --- text parsing never fails with anything but a ScheduleError ----------------------


@SETTINGS
@given(st.text(max_size=30))
def test_weekday_text_either_parses_to_known_days_or_raises_schedule_error(text):
    try:
        days = parse_weekdays(text)
    except ScheduleError as exc:
        assert exc.field == "weekdays"
    else:
        assert set(days) <= set(WEEKDAYS)
        assert list(days) == sorted(days, key=WEEKDAYS.index)


@SETTINGS
@given(st.text(max_size=30))
def test_cycle_text_either_parses_and_round_trips_or_raises_schedule_error(text):
    try:
        phases = parse_cycles(text)
    except ScheduleError as exc:
        assert exc.field == "cycles"
    else:
        assert parse_cycles(format_cycles(phases)) == phases


@SETTINGS
@given(st.lists(st.builds(Phase, on=st.booleans(), days=st.integers(1, 400)), max_size=6))
def test_format_then_parse_cycles_gives_back_the_phases(phases):
    assert parse_cycles(format_cycles(tuple(phases))) == tuple(phases)


# --- first_night: the default first day of a course ----------------------------------------


@SETTINGS
@given(
    now=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),
        max_value=dt.datetime(2032, 12, 31),
        timezones=st.just(UTC),
    ),
    at=st.times(),
    zone=st.sampled_from(ZONES),
)
def test_the_first_night_is_today_or_tomorrow_and_still_to_come(now, at, zone):
    tz = get_zone(zone)
    today = now.astimezone(tz).date()
    first = first_night(now, at, tz)
    assert first in (today, today + dt.timedelta(days=1))
    assert local_instant(first, at, tz) > now  # its application is still to come
    if first != today:  # tomorrow only when today's has passed
        assert local_instant(today, at, tz) <= now


@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_a_day_is_named_in_messages_as_the_pages_name_it(day):
    """The engine's words for a day (its refusals, and the app's messages) and Django's date
    filter on the pages ("D j M") agree: 'Mon 7 Dec', never '07 Dec'."""
    from django.utils.formats import date_format

    assert day_name(day) == date_format(day, "D j M")
    assert day_name(day, year=True) == date_format(day, "D j M Y")
