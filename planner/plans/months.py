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


def month_grids(
    first: dt.date,
    last: dt.date,
    sessions_by_date: dict,
    today: dt.date,
    logged_dates: frozenset = frozenset(),
) -> list[Month]:
    """One Monday-first grid per month that the course [first, last] touches; its days
    outside [first, last] are marked."""
    weeks_of = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar
    return [
        Month(
            first=dt.date(year, month, 1),
            weeks=[
                [
                    Day(
                        date=day,
                        in_month=day.month == month,
                        session=sessions_by_date.get(day) if day.month == month else None,
                        today=day == today and day.month == month,
                        logged=day in logged_dates and day.month == month,
                        in_course=first <= day <= last,
                    )
                    for day in week
                ]
                for week in weeks_of(year, month)
            ],
        )
        for year, month in months_between(first, last)
    ]
