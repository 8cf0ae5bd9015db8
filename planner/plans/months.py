"""Month grids for a plan, built on the standard library's calendar."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    session: object | None = None
    today: bool = False
    logged: bool = False
    in_course: bool = True
    assessment: bool = False

    @property
    def css(self) -> str:
        classes = [] if self.in_month else ["outside"]
        if self.in_month and not self.in_course:
            classes.append("off-course")
        if self.session is not None:
            classes += ["apply", "unrecorded" if self.session.unrecorded else self.session.status]
        if self.today:
            classes.append("today")
        if self.logged:
            classes.append("has-log")
        if self.assessment:
            classes.append("assessment")
        return " ".join(classes)


@dataclass(frozen=True)
class Month:
    first: dt.date
    weeks: list[list[Day]]


def months_between(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def current_month(today: dt.date, first: dt.date, last: dt.date) -> dt.date:
    """The first day of today's month, or of the course's [first, last] nearest month."""
    return min(max(today, first), last).replace(day=1)


def month_last_day(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def month_grid(
    first: dt.date,
    plan,
    sessions_by_date: dict,
    today: dt.date,
    logged_dates: frozenset = frozenset(),
) -> Month:
    """The Monday-first grid of the month that starts on `first`: its days outside the plan's
    course are marked, and so is the day of its assessment (which may follow the course)."""
    weeks_of = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar
    assessment_on = plan.assessment_on  # read once: it runs the rule through the engine
    return Month(
        first=first,
        weeks=[
            [
                Day(
                    date=day,
                    in_month=day.month == first.month,
                    session=sessions_by_date.get(day) if day.month == first.month else None,
                    today=day == today and day.month == first.month,
                    logged=day in logged_dates and day.month == first.month,
                    in_course=plan.start_date <= day <= plan.end_date,
                    assessment=day == assessment_on and day.month == first.month,
                )
                for day in week
            ]
            for week in weeks_of(first.year, first.month)
        ],
    )
