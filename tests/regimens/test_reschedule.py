"""Property tests of changing a plan from a date (regimens/reschedule.py): every seed rule, every
valid weekday set before and after, random statuses already recorded, zones with odd clock rules
(before and after, so a change of zone crosses a clock change too), and two changes in a row."""

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_properties import ZONES, valid_weekday_sets
from test_seed_rules import SEED_RULES

from regimens.engine import (
    WEEKDAYS,
    PlanInputs,
    ScheduleError,
    build_schedule,
    local_instant,
    session_dates,
    wash_off_at,
)
from regimens.reschedule import (
    CANCELLED,
    KEPT,
    MOVED,
    NEW,
    RECORDED,
    Night,
    Reschedule,
    reschedule,
)

SETTINGS = settings(max_examples=150, deadline=None)
RULES = tuple(SEED_RULES.values())
# Times that clock changes skip or repeat in some of ZONES, and ordinary bedtimes.
TIMES = st.one_of(
    st.sampled_from([dt.time(0, 30), dt.time(1, 30), dt.time(2, 30), dt.time(23, 30)]),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)


class Made:
    """A schedule with the choices it was made with."""

    def __init__(self, schedule, inputs: PlanInputs):
        self.__dict__.update(vars(schedule), time=inputs.time, weekdays=inputs.weekdays)


def nights_of(schedule, zone: str) -> list[Night]:
    return [
        Night(s.number, s.date, s.apply_at, s.wash_off_at, "planned", zone)
        for s in schedule.sessions
    ]


def after(result: Reschedule) -> list[Night]:
    """The nights as the write path leaves them."""
    status = {MOVED: "planned", NEW: "planned", CANCELLED: "cancelled"}
    return [
        o.was
        if o.kind == KEPT
        else Night(o.number, o.date, o.apply_at, o.wash_off_at, status[o.kind], o.zone)
        for o in result.outcomes
    ]


@st.composite
def plans(draw):
    """A rule, a plan made with it, nights recorded up to "today", and today itself."""
    rule = draw(st.sampled_from(RULES))
    start = draw(st.dates(dt.date(2024, 1, 1), dt.date(2031, 12, 31)))
    zone = draw(st.sampled_from(ZONES))
    weekdays = draw(st.sampled_from(valid_weekday_sets(rule)))
    inputs = PlanInputs(start, weekdays, draw(TIMES), zone, rule.contact_hours_default)
    schedule = Made(build_schedule(rule, inputs), inputs)
    today = start + dt.timedelta(days=draw(st.integers(-10, rule.course_days - 1)))
    nights = []
    for night in nights_of(schedule, zone):
        choices = ("planned", "done", "missed", "rest") if night.date <= today else ("planned",)
        nights.append(night.__class__(**{**vars(night), "status": draw(st.sampled_from(choices))}))
    return rule, schedule, nights, today


@st.composite
def changes(draw, rule, schedule, today):
    """A from-date no earlier than today and within the course, the instant of the change
    (some time on today, in any zone's reckoning), and new choices."""
    first = max(today, schedule.start)
    from_date = first + dt.timedelta(days=draw(st.integers(0, (schedule.end - first).days)))
    midnight = dt.datetime.combine(today, dt.time(), dt.UTC)
    return {
        "from_date": from_date,
        "now": midnight + dt.timedelta(minutes=draw(st.integers(-14 * 60, 38 * 60))),
        "time": draw(TIMES),
        "zone": draw(st.sampled_from(ZONES)),
        "weekdays": draw(st.sampled_from(valid_weekday_sets(rule))),
    }


def change(rule, schedule, nights, **choices) -> Reschedule:
    """The change at `now` (by default the day before the plan's start: nothing passed)."""
    before = dt.datetime.combine(schedule.start - dt.timedelta(days=1), dt.time(), dt.UTC)
    return reschedule(
        rule,
        start=schedule.start,
        end=schedule.end,
        nights=nights,
        contact_hours=schedule.contact_hours,
        **{"now": before, **choices},
    )


def assert_sound(rule, schedule, nights, result: Reschedule, choices) -> None:
    """Everything a change must keep true, checked on its outcome."""
    from_date = max(choices["from_date"], schedule.start)
    by_number = {o.number: o for o in result.outcomes}
    # Numbers: unique, every existing night still there, new ones after all of them.
    assert len(by_number) == len(result.outcomes)
    assert {n.number for n in nights} <= set(by_number)
    top = max((n.number for n in nights), default=0)
    assert all(o.number > top for o in result.of_kind(NEW))
    # The past, what is recorded and a night whose time has passed: untouched.
    for night in nights:
        if night.date < from_date or night.status in RECORDED or night.apply_at <= choices["now"]:
            assert by_number[night.number].kind == KEPT
            assert by_number[night.number].was == night
    # At most one night a day (the database's constraint counts cancelled rows too).
    assert max(Counter(o.date for o in result.outcomes).values(), default=1) == 1
    # The end date never moves, and nothing lands before the from-date.
    fresh = result.of_kind(MOVED) + result.of_kind(NEW)
    assert all(from_date <= o.date <= schedule.end for o in fresh)
    for o in fresh:  # new time, zone, weekdays; the cycles count from the plan's start
        assert o.apply_at == local_instant(o.date, choices["time"], o.apply_at.tzinfo)
        assert str(o.apply_at.tzinfo) == o.zone == choices["zone"]
        assert o.wash_off_at == wash_off_at(o.apply_at, schedule.contact_hours)
        assert WEEKDAYS[o.date.weekday()] in choices["weekdays"]
        assert rule.is_on_day((o.date - schedule.start).days)
    assert_spaced(rule, after(result))
    assert_hours_apart(rule, after(result))
    most = len(session_dates(rule, schedule.start, choices["weekdays"]))
    assert_counted(after(result), rule.applications_per_week, most, schedule.start)


def assert_counted(nights: list[Night], per_week: int, most: int, start: dt.date) -> None:
    """No more applications than the count a week in any 7 days running, nor than the course
    holds (unless the nights that stayed already did: then nothing new)."""
    dates = sorted(n.date for n in nights if n.status != "cancelled")
    for day in dates:
        assert sum(day <= other < day + dt.timedelta(days=7) for other in dates) <= per_week, day
    assert sum(day >= start for day in dates) <= most


def assert_spaced(rule, nights: list[Night]) -> None:
    """Every night but the cancelled ones (a missed or rest night can be set back to planned):
    days apart as the rule says, never overlapping, also across the seam between old and new
    times or zones."""
    applied = sorted((n for n in nights if n.status != "cancelled"), key=lambda n: n.date)
    for first, second in zip(applied, applied[1:], strict=False):
        assert (second.date - first.date).days >= rule.min_days_between, (first, second)
        assert first.wash_off_at <= second.apply_at, (first, second)


@SETTINGS
@given(data=st.data(), plan=plans())
def test_a_change_keeps_the_past_and_the_end_and_spaces_the_seam(data, plan):
    rule, schedule, nights, today = plan
    choices = data.draw(changes(rule, schedule, today))
    result = change(rule, schedule, nights, **choices)
    assert_sound(rule, schedule, nights, result, choices)


@SETTINGS
@given(data=st.data(), plan=plans())
def test_two_changes_in_a_row_hold_too(data, plan):
    rule, schedule, nights, today = plan
    first = data.draw(changes(rule, schedule, today))
    nights = after(change(rule, schedule, nights, **first))
    second = data.draw(changes(rule, schedule, first["from_date"]))
    assert_sound(rule, schedule, nights, change(rule, schedule, nights, **second), second)


@SETTINGS
@given(data=st.data(), plan=plans())
def test_moves_written_in_their_safe_order_never_share_a_date(data, plan):
    rule, schedule, nights, today = plan
    for _ in range(2):
        result = change(rule, schedule, nights, **data.draw(changes(rule, schedule, today)))
        held = {n.date: n.number for n in nights}
        for move in result.moves_in_safe_order():
            del held[move.was.date]
            assert move.date not in held, move
            held[move.date] = move.number
        for new in result.of_kind(NEW):
            assert new.date not in held
            held[new.date] = new.number
        nights = after(result)


@SETTINGS
@given(plan=plans(), data=st.data())
def test_the_same_choices_again_change_nothing(plan, data):
    rule, schedule, _, today = plan
    nights = nights_of(schedule, schedule.zone)
    choices = data.draw(changes(rule, schedule, today))
    choices.update(time=schedule.time, zone=schedule.zone, weekdays=schedule.weekdays)
    result = change(rule, schedule, nights, **choices)
    assert not result.changes and not result.left_out
    assert [o.was for o in result.outcomes] == nights


def test_a_time_change_moves_each_future_night_and_keeps_its_number():
    rule = SEED_RULES["aldara-ak"]
    schedule = build_schedule(
        rule, PlanInputs(dt.date(2026, 12, 7), ("mon", "thu"), dt.time(21, 30), "Europe/London", 8)
    )
    nights = nights_of(schedule, "Europe/London")
    result = change(
        rule,
        schedule,
        nights,
        from_date=dt.date(2026, 12, 10),
        time=dt.time(22, 15),
        zone="America/New_York",
        weekdays=("mon", "thu"),
    )
    first, second = result.outcomes[:2]
    assert (first.kind, first.number, first.was) == (KEPT, 1, nights[0])
    assert (second.kind, second.number, second.date) == (MOVED, 2, dt.date(2026, 12, 10))
    assert second.apply_at.isoformat() == "2026-12-10T22:15:00-05:00"
    assert not result.of_kind(NEW) and not result.of_kind(CANCELLED)


def test_new_weekdays_keep_the_numbers_in_date_order():
    rule = SEED_RULES["aldara-ak"]
    schedule = build_schedule(
        rule, PlanInputs(dt.date(2026, 12, 7), ("mon", "thu"), dt.time(21, 30), "UTC", 8)
    )
    result = change(
        rule,
        schedule,
        nights_of(schedule, "UTC"),
        from_date=dt.date(2026, 12, 15),  # a Tuesday: Mon 14th stays, Tue 15th is too close
        time=dt.time(21, 30),
        zone="UTC",
        weekdays=("tue", "fri"),
    )
    assert result.left_out == (dt.date(2026, 12, 15),)
    fresh = result.of_kind(MOVED)
    assert [o.number for o in fresh] == sorted(o.number for o in fresh)
    assert fresh[0].date == dt.date(2026, 12, 18) and fresh[0].number == 4


def test_a_from_date_after_the_end_is_refused():
    rule = SEED_RULES["aldara-ak"]
    schedule = build_schedule(
        rule, PlanInputs(dt.date(2026, 12, 7), ("mon", "thu"), dt.time(21, 30), "UTC", 8)
    )
    with pytest.raises(ScheduleError, match="The course ends on"):
        change(
            rule,
            schedule,
            nights_of(schedule, "UTC"),
            from_date=schedule.end + dt.timedelta(days=1),
            time=dt.time(21, 30),
            zone="UTC",
            weekdays=("mon", "thu"),
        )


def test_weekdays_the_rule_forbids_are_refused_as_at_creation():
    rule = SEED_RULES["aldara-ak"]
    schedule = build_schedule(
        rule, PlanInputs(dt.date(2026, 12, 7), ("mon", "thu"), dt.time(21, 30), "UTC", 8)
    )
    with pytest.raises(ScheduleError, match="Leave at least 3 days"):
        change(
            rule,
            schedule,
            nights_of(schedule, "UTC"),
            from_date=dt.date(2026, 12, 10),
            time=dt.time(21, 30),
            zone="UTC",
            weekdays=("mon", "tue"),
        )


def test_new_weekdays_never_put_more_in_a_week_than_the_rule_allows():
    """Mon, Thu to Sun, Wed from a Friday: Mon 14, Thu 17 and Sun 20 would be three in the
    7 days from Mon 14 for a rule of two a week, so Sun 20 is left out."""
    rule = SEED_RULES["aldara-ak"]
    schedule = build_schedule(
        rule, PlanInputs(dt.date(2026, 12, 7), ("mon", "thu"), dt.time(21, 30), "UTC", 8)
    )
    nights = nights_of(schedule, "UTC")
    choices = {"time": dt.time(21, 30), "zone": "UTC", "weekdays": ("sun", "wed")}
    result = change(rule, schedule, nights, from_date=dt.date(2026, 12, 18), **choices)
    assert result.over == (dt.date(2026, 12, 20),)
    assert (result.per_week, result.most) == (2, len(nights))
    assert_counted(after(result), 2, len(nights), schedule.start)


def test_a_zone_change_keeps_the_rules_fewest_hours_from_the_night_before():
    """Every day at 22:00 in New York, then in Tokyo from Thu 10 Dec: Tokyo's 22:00 comes 10
    hours after Wednesday's in New York, under the rule's 16; that night is left out."""
    rule = SEED_RULES["zyclara-egw"]
    days = rule.default_weekdays
    schedule = build_schedule(
        rule, PlanInputs(dt.date(2026, 12, 7), days, dt.time(22, 0), "America/New_York", 8)
    )
    choices = {"time": dt.time(22, 0), "zone": "Asia/Tokyo", "weekdays": days}
    nights = nights_of(schedule, "America/New_York")
    result = change(rule, schedule, nights, from_date=dt.date(2026, 12, 10), **choices)
    assert result.left_out == (dt.date(2026, 12, 10),)
    assert_hours_apart(rule, after(result))


def assert_hours_apart(rule, nights: list[Night]) -> None:
    applied = sorted(n.apply_at for n in nights if n.status != "cancelled")
    for first, second in zip(applied, applied[1:], strict=False):
        assert second - first >= dt.timedelta(hours=rule.min_hours_between), (first, second)
