"""When a logged day calls for a word with the clinician, and why. Pure: grades in, advice out.

The rules follow the labels and seeds in ../shared/regimens.md section 3: a reaction is
expected, but a severe one, open sores or blisters need medical attention and may call for a
rest of several days (label; seed 000), which never moves the end date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.symptoms import scale

ALWAYS_ASK = ("erosion", "vesicles")  # open sores and blisters, at any grade
Finding = scale.Graded


@dataclass(frozen=True)
class Advice:
    date: dt.date
    local: tuple[Finding, ...]  # reasons to talk about a rest period
    flu_like: tuple[Finding, ...]  # severe flu-like symptoms: a reason to call

    @property
    def rest_advised(self) -> bool:
        return bool(self.local)


def local_findings(grades: Mapping[str, int]) -> tuple[Finding, ...]:
    return tuple(
        Finding(item, grades[item])
        for item in scale.LOCAL_REACTIONS
        if grades[item] == scale.SEVERE or (item in ALWAYS_ASK and grades[item] > 0)
    )


def flu_findings(grades: Mapping[str, int]) -> tuple[Finding, ...]:
    return tuple(
        Finding(item, grades[item]) for item in scale.FLU_LIKE if grades[item] == scale.SEVERE
    )


def advice_for(date: dt.date, grades: Mapping[str, int]) -> Advice | None:
    """Advice for one day's grades, or None when nothing calls for it."""
    advice = Advice(date, local_findings(grades), flu_findings(grades))
    return advice if advice.local or advice.flu_like else None


def latest_advice(entries: Iterable) -> Advice | None:
    """Advice for the most recent entry (objects with .date and .grades())."""
    latest = max(entries, key=lambda entry: entry.date, default=None)
    return advice_for(latest.date, latest.grades()) if latest else None
