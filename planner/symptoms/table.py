"""The chart as an HTML table, for screen readers and print: built in Python like the chart
itself, because a template loop over every day and item costs more than the rest of the page.
Every text in it is a date, a number or one of our fixed words, escaped all the same."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from planner.symptoms import scale
from planner.symptoms.timeline import Day
from regimens.engine import day_name

NOT_LOGGED = f'<td colspan="{len(scale.ITEMS)}" class="unlogged">not logged</td>'
GRADE_CELLS = [
    f'<td class="g{grade}">{grade}<span class="sr-only"> {scale.word(grade)}</span></td>'
    for grade in range(scale.SEVERE + 1)
]


def table_body(days: Sequence[Day]) -> SafeString:
    """One row for each day with an application, a rest or a log entry."""
    return mark_safe("\n".join(row(day) for day in days if day.marked))  # noqa: S308 (escaped)


def night_label(day: Day) -> str:
    return "Not recorded" if day.night == "unrecorded" else day.session.get_status_display()


def row(day: Day) -> str:
    status = escape(night_label(day)) if day.session is not None else ""
    cells = (
        NOT_LOGGED
        if day.grades is None
        else "".join(GRADE_CELLS[grade] for grade in day.grades.values())
    )
    return (
        f'<tr><th scope="row">{day_name(day.date)}</th>'
        f"<td>{status}</td><td>{'rest' if day.rest else ''}</td>{cells}</tr>"
    )
