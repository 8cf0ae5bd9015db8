"""The clinician's schedule (regimens/prescribed.py): its hard limits, its sessions and the
label rules it departs from; property tests over random prescriptions, starts 2024-2032 and
zones with odd clock rules."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_seed_rules import SEED_RULES

from regimens.engine import WEEKDAYS, ScheduleError
from regimens.prescribed import Limits, Prescription, build, violations

UTC = dt.UTC
ZONES = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "America/Santiago",  # changes at midnight
    "Australia/Lord_Howe",  # 30-minute DST
    "America/Nuuk",  # a gap that ends at midnight
    "Asia/Kolkata",
)
SETTINGS = settings(max_examples=150, deadline=None)
ALDARA = Limits("Aldara 5%", 6, 10, 16)
ZYCLARA = Limits("Zyclara 3.75%", 8, 8, 8)
ALLOWED = Limits("Aldara 5%", 6, 10, 16, allowed_weeks=20)
AK = SEED_RULES["aldara-ak"]
US_AK = "the US AK label"


def prescription(**values) -> Prescription:
    values = {
        "start": dt.date(2026, 3, 2),
        "weeks": 4,
        "time": dt.time(22, 0),
        "zone": "Europe/London",
        "contact_hours": 8,
        "per_week": 3,
        **values,
    }
    return Prescription(**values)


def refusal(limits: Limits, **values) -> ScheduleError:
    with pytest.raises(ScheduleError) as caught:
        build(limits, prescription(**values), AK, US_AK)
    return caught.value


# --- examples ---------------------------------------------------------------------------


def test_it_plans_ak_three_times_a_week_for_4_weeks_and_lists_the_departures():
    result = build(ALDARA, prescription(), AK, US_AK)
    assert len(result.schedule.sessions) == 12
    assert result.weekdays == ("mon", "wed", "fri")
    assert result.schedule.end == dt.date(2026, 3, 29)
    assert result.departures == (
        "3 times a week (the US AK label says 2)",
        "4 weeks (the US AK label says 16)",
    )


def test_it_uses_the_labels_days_when_the_count_is_the_labels():
    result = build(ALDARA, prescription(per_week=2, weeks=12), AK, US_AK)
    assert result.weekdays == ("mon", "thu")
    assert result.departures == ("12 weeks (the US AK label says 16)",)


def test_it_lists_no_departure_for_the_label_regimen_itself():
    result = build(ALDARA, prescription(per_week=2, weeks=16), AK, US_AK)
    assert result.departures == ()


def test_it_names_days_closer_than_the_label_allows():
    result = build(ALDARA, prescription(per_week=2, weekdays=("mon", "tue"), weeks=16), AK, "x")
    assert result.departures == (
        "Monday and Tuesday: 1 day apart at the closest (x says at least 3)",
    )


def test_it_names_an_interval_a_break_left_out_and_the_contact_hours():
    zyclara = SEED_RULES["zyclara-ak-3-75"]
    result = build(ZYCLARA, prescription(every_days=2, weeks=6), zyclara, "the US AK label")
    assert result.departures == (
        "every 2 days (the US AK label says every day)",
        "no break in the course (the US AK label has 14 days on, 14 days off, 14 days on)",
    )
    egw = SEED_RULES["aldara-egw"]
    result = build(ALDARA, prescription(per_week=3, weeks=8, contact_hours=10), egw, "w")
    assert result.departures == ()  # until cleared, at most 16 weeks; 6 to 10 hours
    result = build(ALDARA, prescription(per_week=3, weeks=8, contact_hours=10), AK, "y")
    assert "10 hours on the skin (y says 8)" in result.departures


def test_it_refuses_two_applications_a_day_naming_the_limit():
    error = refusal(ALDARA, per_week=14)
    assert error.field == "per_week"
    assert error.message == (
        "Aldara 5% is used at most once a day: at most 7 applications a week (you entered 14)."
    )
    error = refusal(ALDARA, every_days=0)
    assert error.field == "every_days"
    assert "at most once a day" in error.message


def test_it_refuses_contact_hours_outside_the_products_range():
    error = refusal(ZYCLARA, contact_hours=10)
    assert error.field == "contact_hours"
    # A product with one contact time says that time, above it and below: "at least 8" for
    # 6 and "at most 8" for 9 read as a range that does not exist.
    assert error.message == "Zyclara 3.75% stays on for 8 hours: you entered 10."
    assert refusal(ZYCLARA, contact_hours=6).message == (
        "Zyclara 3.75% stays on for 8 hours: you entered 6."
    )
    assert refusal(ALDARA, contact_hours=4).message == (
        "Aldara 5% stays on for at least 6 hours: you entered 4."
    )


def test_it_refuses_a_course_longer_than_the_labels_longest():
    error = refusal(ALDARA, weeks=17)
    assert error.field == "weeks"
    assert error.message == (
        "A course of Aldara 5% lasts at most 16 weeks, the longest on its labels: you entered 17."
    )


def test_an_editors_allowance_lets_a_longer_course_through_and_no_further():
    assert len(build(ALLOWED, prescription(weeks=20), AK, US_AK).schedule.sessions) == 60
    assert refusal(ALLOWED, weeks=21).message == (
        "A course of Aldara 5% lasts at most 20 weeks (16 on its labels, and an editor allows "
        "up to 20 for a clinician's schedule): you entered 21."
    )


def test_it_reports_every_limit_passed_at_once():
    found = violations(ZYCLARA, prescription(per_week=14, contact_hours=12, weeks=9))
    assert [error.field for error in found] == ["per_week", "contact_hours", "weeks"]


def test_it_refuses_weekdays_that_do_not_match_the_count():
    error = refusal(ALDARA, per_week=3, weekdays=("mon", "thu"))
    assert error.field == "weekdays"
    assert error.message.startswith("You chose 2 days for 3 applications a week")


# --- properties -------------------------------------------------------------------------

starts = st.dates(dt.date(2024, 1, 1), dt.date(2032, 12, 31))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
limits = st.builds(
    Limits,
    product=st.just("Aldara 5%"),
    contact_hours_min=st.integers(1, 8),
    contact_hours_max=st.integers(8, 12),
    longest_course_weeks=st.integers(1, 16),
    allowed_weeks=st.integers(0, 26),
    min_hours_between=st.integers(1, 22),
)


@st.composite
def within(draw, limits_strategy=limits):
    """Limits and a prescription that keeps to them: weekly (with or without chosen days) or
    every N days."""
    lim = draw(limits_strategy)
    values = {
        "start": draw(starts),
        "weeks": draw(st.integers(1, lim.max_weeks)),
        "time": draw(times),
        "zone": draw(st.sampled_from(ZONES)),
        "contact_hours": draw(st.integers(int(lim.contact_hours_min), int(lim.contact_hours_max))),
    }
    if draw(st.booleans()):
        values["every_days"] = draw(st.integers(1, min(14, 7 * values["weeks"])))
    else:
        values["per_week"] = draw(st.integers(1, 7))
        if draw(st.booleans()):
            days = st.sampled_from(WEEKDAYS)
            chosen = draw(st.lists(days, min_size=values["per_week"], max_size=7, unique=True))
            values["weekdays"] = tuple(chosen[: values["per_week"]])
    return lim, Prescription(**values), draw(st.sampled_from(tuple(SEED_RULES.values())))


@SETTINGS
@given(within())
def test_a_prescription_within_the_limits_gives_one_application_a_day_at_most(case):
    lim, p, label = case
    result = build(lim, p, label, "the label")
    sessions = result.schedule.sessions
    dates = [s.date for s in sessions]
    assert dates == sorted(set(dates))  # one a day at most, in order
    assert all(p.start <= day <= result.schedule.end for day in dates)
    assert result.schedule.end == p.start + dt.timedelta(days=7 * p.weeks - 1)
    assert [s.number for s in sessions] == list(range(1, len(sessions) + 1))
    for before, after in zip(sessions, sessions[1:], strict=False):
        gap = after.apply_at.astimezone(UTC) - before.apply_at.astimezone(UTC)
        assert gap >= dt.timedelta(hours=lim.min_hours_between)
        assert gap >= dt.timedelta(hours=22)  # a day less a clock change, at the very least


@SETTINGS
@given(within())
def test_each_application_is_on_its_day_and_washed_off_after_the_contact_hours(case):
    lim, p, label = case
    for s in build(lim, p, label, "the label").schedule.sessions:
        assert s.apply_at.date() == s.date
        elapsed = s.wash_off_at.astimezone(UTC) - s.apply_at.astimezone(UTC)
        assert elapsed == dt.timedelta(hours=p.contact_hours)
        if s.apply_at.time() != p.time:  # only a time the clock skips moves
            assert not exists(s.date, p.time, ZoneInfo(p.zone))


def exists(day: dt.date, at: dt.time, zone: ZoneInfo) -> bool:
    naive = dt.datetime.combine(day, at)
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


@SETTINGS
@given(within())
def test_it_keeps_the_pattern_prescribed(case):
    lim, p, label = case
    result = build(lim, p, label, "the label")
    dates = [s.date for s in result.schedule.sessions]
    if p.by_interval:
        assert all((b - a).days == p.every_days for a, b in zip(dates, dates[1:], strict=False))
        assert dates[0] == p.start
        return
    assert len(dates) == p.per_week * p.weeks  # each whole week holds its N days
    if p.weekdays:
        assert set(result.weekdays) == set(p.weekdays)
    assert len(result.weekdays) == p.per_week


@SETTINGS
@given(within(), st.sampled_from(["per_week", "every_days", "contact_hours", "weeks"]))
def test_any_entry_past_a_limit_is_refused_naming_it(case, limit):
    lim, p, label = case
    values = dict(p.__dict__)
    if limit == "per_week":
        values.update(every_days=None, weekdays=(), per_week=8 + p.weeks)
    elif limit == "every_days":
        values.update(every_days=0)
    elif limit == "contact_hours":
        values["contact_hours"] = lim.contact_hours_max + 0.5
    else:
        values["weeks"] = lim.max_weeks + 1
    found = violations(lim, Prescription(**values))
    assert [error.field for error in found] == [limit]
    with pytest.raises(ScheduleError) as caught:
        build(lim, Prescription(**values), label, "the label")
    assert caught.value.field == limit
    if limit != "every_days":
        assert "Aldara 5%" in caught.value.message


@SETTINGS
@given(within())
def test_the_labels_own_regimen_departs_from_nothing(case):
    lim, p, label = case
    if label.cycles or label.course_days % 7 or label.applications_per_week == 7:
        return
    if label.assessment_weeks_off:  # a prescription has no assessment: that is a departure
        return
    hours = label.contact_hours_default
    lim = Limits("x", hours, hours, label.course_days // 7)
    same = Prescription(
        start=p.start,
        weeks=label.course_days // 7,
        time=p.time,
        zone=p.zone,
        contact_hours=hours,
        per_week=label.applications_per_week,
    )
    assert build(lim, same, label, "the label").departures == ()


def test_a_label_with_an_assessment_names_the_missing_assessment_as_a_departure():
    label = SEED_RULES["aldara-ak-eu"]
    hours = label.contact_hours_default
    lim = Limits("x", hours, hours, label.course_days // 7)
    same = Prescription(
        start=dt.date(2026, 3, 2),
        weeks=label.course_days // 7,
        time=dt.time(21, 30),
        zone="Europe/London",
        contact_hours=hours,
        per_week=label.applications_per_week,
    )
    assert build(lim, same, label, "the EU label").departures == (
        "no assessment after the course (the EU label says: 4 weeks off, then an assessment, "
        "then 4 weeks more if not cleared)",
    )
