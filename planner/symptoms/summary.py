"""What a clinician asks first: the worst grade of each item and when, the days with a
severe reaction, the rest days taken, and which nights were done, missed or rested."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.symptoms import scale
from planner.symptoms.timeline import Day

ADHERENCE = {
    "done": "Done",
    "missed": "Missed",
    "rest": "Rest",
    "cancelled": "Cancelled",
    "unrecorded": "Not recorded (past nights never ticked)",
}


@dataclass(frozen=True)
class Worst:
    item: str
    grade: int
    dates: tuple[dt.date, ...]  # every day at that grade; empty for "none"

    @property
    def label(self) -> str:
        return scale.label(self.item)

    @property
    def word(self) -> str:
        return scale.word(self.grade)

    @property
    def spans(self) -> list[tuple[dt.date, dt.date]]:
        return spans(self.dates)


@dataclass(frozen=True)
class Summary:
    logged: int
    worst: list[Worst]  # one per item, in form order
    overall: list[Worst]  # the items that reached the overall worst grade
    severe_days: list[dt.date]
    rest_days: list[dt.date]

    @property
    def overall_grade(self) -> int:
        return self.overall[0].grade if self.overall else 0

    @property
    def overall_word(self) -> str:
        return scale.word(self.overall_grade)

    @property
    def severe_spans(self) -> list[tuple[dt.date, dt.date]]:
        return spans(self.severe_days)

    @property
    def rest_spans(self) -> list[tuple[dt.date, dt.date]]:
        return spans(self.rest_days)


def worst_of(item: str, days: Iterable[Day]) -> Worst:
    graded = [(day.grades[item], day.date) for day in days if day.logged]
    top = max((grade for grade, _ in graded), default=0)
    dates = tuple(date for grade, date in graded if grade == top) if top else ()
    return Worst(item, top, dates)


def summarize(days: Sequence[Day], today: dt.date) -> Summary:
    """The rest days are those taken up to today: one ahead may yet be taken back."""
    worst = [worst_of(item, days) for item in scale.ITEMS]
    top = max((w.grade for w in worst), default=0)
    return Summary(
        logged=sum(day.logged for day in days),
        worst=worst,
        overall=[w for w in worst if top and w.grade == top],
        severe_days=[
            day.date for day in days if day.logged and scale.SEVERE in day.grades.values()
        ],
        rest_days=[day.date for day in days if day.rest and day.date <= today],
    )


def adherence(
    sessions: Iterable, now: dt.datetime, rest_until: dt.date
) -> list[tuple[str, str, list[dt.date]]]:
    """(status, label, nights) for each status; nights still 'planned' after their wash-off
    are shown as not recorded, so a clinician sees the gaps rather than a clean zero. Not
    before it: a night whose cream is still on is counted as the plan page counts it
    (planner.plans.progress), not yet due. Rest nights up to `rest_until` (today, or the
    last day of treatment if earlier), as the rest days are counted."""
    out: dict[str, list[dt.date]] = {status: [] for status in ADHERENCE}
    for session in sessions:
        status = session.status
        if status == "planned" and session.wash_off_at <= now:
            status = "unrecorded"
        if status == "rest" and session.date > rest_until:
            continue
        if status in out:
            out[status].append(session.date)
    return [(status, label, out[status]) for status, label in ADHERENCE.items()]


def rested_afterwards(sessions: Iterable, rest_until: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(night, the day it was recorded) for each rest night set to rest after its wash-off
    had passed: rest nights are not due, so such a night raises the share done. A night's
    row changes only when its status does, or while it is still ahead (planner.plans.changes),
    so for a past rest night `updated_at` is when it became rest."""
    return [
        (night.date, night.updated_at.astimezone(night.zone).date())
        for night in sessions
        if night.status == "rest"
        and night.date <= rest_until
        and night.updated_at > night.wash_off_at
    ]


def spans(dates: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Runs of consecutive days, so '2, 3, 4 Mar' reads '2 to 4 Mar'."""
    runs: list[list[dt.date]] = []
    for date in sorted(set(dates)):
        if runs and date - runs[-1][1] == dt.timedelta(days=1):
            runs[-1][1] = date
        else:
            runs.append([date, date])
    return [(first, last) for first, last in runs]
