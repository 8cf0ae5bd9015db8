"""Every day of a course (and of the weeks after it that were logged) with what happened on it:
the application, rest, and the log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from planner.symptoms.scale import Graded

REST = "rest"


@dataclass(frozen=True)
class Day:
    date: dt.date
    session: object | None = None  # the application planned for that night, if any
    rest: bool = False  # inside a rest period, or the night was marked rest
    grades: Mapping[str, int] | None = None  # None: nothing logged that day
    note: str = ""
    number: int = field(default=0, compare=False)  # position in the course, from 0

    @property
    def status(self) -> str | None:
        return getattr(self.session, "status", None)

    @property
    def night(self) -> str | None:
        """How the chart and its table show the night: its status, or "unrecorded" for one
        still planned after its wash-off time (nobody said whether it happened)."""
        return "unrecorded" if getattr(self.session, "unrecorded", False) else self.status

    @property
    def logged(self) -> bool:
        return self.grades is not None

    @property
    def graded(self) -> list[Graded]:
        return [Graded(item, grade) for item, grade in (self.grades or {}).items()]

    @property
    def marked(self) -> bool:
        """Worth a row in the table: something was planned, rested or logged."""
        return self.session is not None or self.rest or self.logged


def course_dates(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def rest_dates(
    rest_periods: Iterable, sessions: Iterable, until: dt.date | None = None
) -> set[dt.date]:
    """Days in a rest period plus nights marked rest one by one, none after `until` (the
    last day of treatment: a rest period ahead of a stop was never taken)."""
    days = {s.date for s in sessions if s.status == REST}
    for rest in rest_periods:
        days.update(course_dates(rest.first_day, rest.last_day))
    return {day for day in days if until is None or day <= until}


def timeline(
    start: dt.date,
    end: dt.date,
    *,
    sessions: Iterable,
    rest_periods: Iterable,
    entries: Iterable,
    rest_until: dt.date | None = None,
) -> list[Day]:
    """One Day for each date from start to end; rows outside them are ignored. No day after
    `rest_until` is a rest day."""
    sessions = list(sessions)
    by_date = {s.date: s for s in sessions}
    logs = {e.date: e for e in entries}
    resting = rest_dates(rest_periods, sessions, rest_until)
    return [
        Day(
            date=day,
            session=by_date.get(day),
            rest=day in resting,
            grades=logs[day].grades() if day in logs else None,
            note=logs[day].note if day in logs else "",
            number=n,
        )
        for n, day in enumerate(course_dates(start, end))
    ]
