"""Courses with an assessment: pure Python, no Django.

Some labels (the EU SmPC for Aldara 5% in actinic keratosis) give a first course, then weeks
without treatment, then an assessment: cleared, the treatment is over; not cleared, one more
course. The first course is the engine's ordinary schedule. This module adds the assessment date
and the second course, whose window starts on the day "not cleared" is recorded (or the next,
when that night's time has passed) and whose end is fixed then, like the first course's end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from regimens.engine import PlanInputs, RuleSpec, Schedule, build_schedule, course_end


def has_assessment(rule: RuleSpec) -> bool:
    return rule.assessment_weeks_off > 0 and rule.repeat_course_weeks > 0


def assessment_date(rule: RuleSpec, start: dt.date) -> dt.date | None:
    """The day after the weeks off that follow the first course (started on `start`); None
    when the rule has no assessment. It depends on the start only, so it never moves."""
    if not has_assessment(rule):
        return None
    off = dt.timedelta(weeks=rule.assessment_weeks_off)
    return course_end(rule, start) + off + dt.timedelta(days=1)


def repeat_rule(rule: RuleSpec) -> RuleSpec:
    """The rule of the second course: the same days, spacing and hours over M weeks, without
    the first course's cycles."""
    days = 7 * rule.repeat_course_weeks
    return dataclasses.replace(rule, course_days=days, cap_days=days, cycles=())


def repeat_course(rule: RuleSpec, inputs: PlanInputs, *, first_number: int) -> Schedule:
    """The second course from `inputs.start` (the day "not cleared" was recorded, or the next):
    the person's weekdays, time, zone and contact hours, its sessions numbered on from
    `first_number`, its end fixed at M weeks. ValueError when the rule has no second course."""
    if not has_assessment(rule):
        raise ValueError(f"{rule.slug} has no assessment and no second course.")
    schedule = build_schedule(repeat_rule(rule), inputs)
    sessions = tuple(
        dataclasses.replace(session, number=first_number + index)
        for index, session in enumerate(schedule.sessions)
    )
    return dataclasses.replace(schedule, sessions=sessions)


def second_course_start(rule: RuleSpec, end: dt.date) -> dt.date:
    """The first day of the second course that ends on `end`: M weeks before, its window
    fixed when "not cleared" was recorded (that day, or the next when that night's time had
    already passed, so the record day alone does not say)."""
    return end - dt.timedelta(weeks=rule.repeat_course_weeks, days=-1)


def course_window(
    rule: RuleSpec, start: dt.date, second_start: dt.date | None
) -> tuple[RuleSpec, dt.date]:
    """The rule and first day of the course running now: the plan's own, or the second
    course's once "not cleared" started it on `second_start` (what a change of time or days
    reschedules within)."""
    if second_start is None or not has_assessment(rule):
        return rule, start
    return repeat_rule(rule), second_start
