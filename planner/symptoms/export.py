"""The log as CSV: one row per logged day, its application night (planned, done, missed,
rest, cancelled, or unrecorded: still planned after its wash-off; empty without one), the
grade as a number and as a word, then the notices every export carries, each a row of one
cell (a spreadsheet shows them under the table; a program reading rows by date skips a row
whose first cell is not one)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from planner.symptoms import scale
from planner.symptoms.timeline import Day

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def header() -> list[str]:
    items = [name for item in scale.ITEMS for name in (item, f"{item}_word")]
    return ["date", "application", "rest_day", *items, "note"]


def safe_text(text: str) -> str:
    """Spreadsheets run cells that start like a formula; a leading quote stops that."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def row(day: Day) -> list[str | int]:
    grades = [value for item in scale.ITEMS for value in grade_pair(day.grades[item])]
    rest = "yes" if day.rest else "no"
    # the night as the chart and the report show it: "unrecorded" once washed off unticked
    return [day.date.isoformat(), day.night or "", rest, *grades, safe_text(day.note)]


def grade_pair(grade: int) -> tuple[int, str]:
    return grade, scale.word(grade)


def rows(days: Iterable[Day], notices: Iterable[str] = ()) -> Iterator[list[str | int]]:
    yield header()
    for day in days:
        if day.logged:
            yield row(day)
    for notice in notices:
        yield [notice]
