"""Courses with an assessment (regimens/assessment.py), without Django: the first course as
the engine gives it, the assessment date after the weeks off, and the second course from the
day "not cleared" is recorded, whose end is fixed then. Properties over every seed rule that
has an assessment, every valid weekday set, start and record dates 2024-2032, any time of day
(clock changes included) and zones with odd clock rules."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_engine_properties import SETTINGS, ZONES, contact_hours, valid_weekday_sets
from test_seed_rules import SEED_RULES

from regimens import assessment
from regimens.engine import WEEKDAYS, PlanInputs, ScheduleError, build_schedule, course_end

EU_AK = SEED_RULES["aldara-ak-eu"]
ASSESSED = tuple(rule for rule in SEED_RULES.values() if assessment.has_assessment(rule))
RECORD_LATE_DAYS = 60  # how long after the assessment date a result may come in the tests


@st.composite
def assessed_plans(draw):
    """A rule with an assessment, a first course, and the day "not cleared" is recorded (the
    assessment date or later)."""
    rule = draw(st.sampled_from(ASSESSED))
    start = draw(st.dates(dt.date(2024, 1, 1), dt.date(2032, 6, 30)))
    inputs = PlanInputs(
        start=start,
        weekdays=draw(st.sampled_from(valid_weekday_sets(rule))),
        time=draw(st.times()),
        zone=draw(st.sampled_from(ZONES)),
        contact_hours=draw(contact_hours(rule)),
    )
    late = dt.timedelta(days=draw(st.integers(0, RECORD_LATE_DAYS)))
    return rule, inputs, assessment.assessment_date(rule, start) + late


def second_course(rule, inputs, recorded_on, first_number=1):
    return assessment.repeat_course(
        rule, dataclasses.replace(inputs, start=recorded_on), first_number=first_number
    )


def test_the_eu_ak_rule_is_four_weeks_on_four_off_then_perhaps_four_more():
    assert (EU_AK.applications_per_week, EU_AK.default_weekdays) == (3, ("mon", "wed", "fri"))
    assert (EU_AK.course_days, EU_AK.cap_days, EU_AK.cycles) == (28, 28, ())
    assert (EU_AK.assessment_weeks_off, EU_AK.repeat_course_weeks) == (4, 4)


def test_it_puts_the_assessment_the_day_after_the_four_weeks_off():
    start = dt.date(2026, 3, 2)  # a Monday
    first = build_schedule(EU_AK, PlanInputs(start, EU_AK.default_weekdays, dt.time(22), "UTC", 8))
    assert (len(first.sessions), first.end) == (12, dt.date(2026, 3, 29))
    # 4 weeks without treatment, 30 Mar to 26 Apr, then the assessment
    assert assessment.assessment_date(EU_AK, start) == dt.date(2026, 4, 27)


def test_rules_without_an_assessment_have_no_date_and_no_second_course():
    us_ak = SEED_RULES["aldara-ak"]
    assert assessment.assessment_date(us_ak, dt.date(2026, 3, 2)) is None
    inputs = PlanInputs(dt.date(2026, 3, 2), us_ak.default_weekdays, dt.time(22), "UTC", 8)
    with pytest.raises(ValueError, match="no second course"):
        assessment.repeat_course(us_ak, inputs, first_number=33)


def test_the_second_course_continues_the_numbers_and_ends_four_weeks_on():
    inputs = PlanInputs(dt.date(2026, 4, 29), ("tue", "thu", "sat"), dt.time(21, 30), "UTC", 8)
    course = assessment.repeat_course(EU_AK, inputs, first_number=13)
    assert [s.number for s in course.sessions] == list(range(13, 25))
    assert (course.start, course.end) == (dt.date(2026, 4, 29), dt.date(2026, 5, 26))
    assert course.sessions[0].date == dt.date(2026, 4, 30)  # the first Thursday from then


def test_the_second_course_is_checked_like_the_first():
    inputs = PlanInputs(dt.date(2026, 4, 27), ("mon", "tue", "wed"), dt.time(22), "UTC", 8)
    with pytest.raises(ScheduleError, match="at least 2 days"):
        assessment.repeat_course(EU_AK, inputs, first_number=13)


def test_a_change_in_the_second_course_reschedules_within_that_course():
    second = dt.date(2026, 4, 27)
    rule, start = assessment.course_window(EU_AK, dt.date(2026, 3, 2), second)
    assert (rule.course_days, rule.cycles, start) == (28, (), second)
    assert assessment.course_window(EU_AK, dt.date(2026, 3, 2), None) == (
        EU_AK,
        dt.date(2026, 3, 2),
    )


@SETTINGS
@given(assessed_plans())
def test_the_assessment_falls_after_every_first_course_night_and_the_weeks_off(plan):
    rule, inputs, _ = plan
    first = build_schedule(rule, inputs)
    due = assessment.assessment_date(rule, inputs.start)
    assert due == first.end + dt.timedelta(weeks=rule.assessment_weeks_off, days=1)
    assert (due - max(s.date for s in first.sessions)).days > 7 * rule.assessment_weeks_off


@SETTINGS
@given(assessed_plans())
def test_the_second_course_keeps_inside_its_window_fixed_when_it_is_recorded(plan):
    rule, inputs, recorded_on = plan
    course = second_course(rule, inputs, recorded_on)
    end = recorded_on + dt.timedelta(weeks=rule.repeat_course_weeks, days=-1)
    assert (course.start, course.end) == (recorded_on, end)
    assert course.end == course_end(assessment.repeat_rule(rule), recorded_on)
    assert all(recorded_on <= s.date <= end for s in course.sessions)
    # Its first day again from its end alone (what a later change reschedules from).
    assert assessment.second_course_start(rule, course.end) == course.start


@SETTINGS
@given(assessed_plans(), st.times(), st.sampled_from(ZONES))
def test_the_second_courses_end_depends_on_the_record_day_only(plan, time, zone):
    rule, inputs, recorded_on = plan
    other = dataclasses.replace(inputs, time=time, zone=zone)
    assert (
        second_course(rule, inputs, recorded_on).end == second_course(rule, other, recorded_on).end
    )


@SETTINGS
@given(assessed_plans(), st.integers(1, 500))
def test_the_second_course_has_its_weekdays_each_week_once_a_day_numbered_on(plan, first):
    rule, inputs, recorded_on = plan
    course = second_course(rule, inputs, recorded_on, first_number=first)
    dates = [s.date for s in course.sessions]
    assert len(dates) == len(set(dates)) == rule.repeat_course_weeks * len(inputs.weekdays)
    assert {WEEKDAYS[d.weekday()] for d in dates} == set(inputs.weekdays)
    assert [s.number for s in course.sessions] == list(range(first, first + len(dates)))
    assert all(s.apply_at.date() == s.date for s in course.sessions)


@SETTINGS
@given(assessed_plans())
def test_the_two_courses_never_share_a_day_and_keep_the_weeks_off_between_them(plan):
    rule, inputs, recorded_on = plan
    first = build_schedule(rule, inputs)
    course = second_course(rule, inputs, recorded_on, first_number=len(first.sessions) + 1)
    gap = min(s.date for s in course.sessions) - max(s.date for s in first.sessions)
    assert gap.days > 7 * rule.assessment_weeks_off
    numbers = [s.number for s in first.sessions + course.sessions]
    assert numbers == list(range(1, len(numbers) + 1))
