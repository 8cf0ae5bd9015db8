"""The days the side-effect log takes: from the course's first day to four weeks after the last
day of treatment (the course's last, or the day it was stopped), or to the day of its assessment
if that comes later; the weeks when Today asks how the skin settles."""

from __future__ import annotations

import datetime as dt

from planner.plans.models import Plan

# Skin reactions go on after the last application, and a clinician judges the result once
# they have settled (regimens.md, 1: trials looked weeks after treatment): the log follows.
AFTER_COURSE = dt.timedelta(weeks=4)


def last_day(plan: Plan) -> dt.date:
    """The last day the log takes: four weeks after the last day of treatment, or the day the
    clinician assesses the course (the EU/UK AK course's, the day after its four weeks off)."""
    settled = plan.last_treated_day() + AFTER_COURSE
    return max(settled, plan.assessment_on or settled)


def logs_today(plan: Plan, today: dt.date) -> bool:
    """Whether today is a day the log takes (the plan page's "Log today")."""
    return plan.start_date <= today <= last_day(plan)


def skin_settling(plan: Plan, today: dt.date) -> bool:
    """Whether Today asks how the skin settles: after treatment, while the log takes days."""
    treated = plan.last_treated_day()
    return plan.start_date <= treated < today <= last_day(plan)  # not if never begun


def log_window(plan: Plan, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days that can be logged: from the course's first up to today (at most its last
    day); None before it starts."""
    last = min(last_day(plan), today)
    return (plan.start_date, last) if last >= plan.start_date else None


def default_day(plan: Plan, today: dt.date) -> dt.date:
    """Today in the plan's zone, clamped to the days the log takes."""
    return min(max(today, plan.start_date), last_day(plan))
