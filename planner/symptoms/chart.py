"""The timeline as inline SVG: marker rows for the nights, then one heat strip per item.

The SVG holds shapes only, in day units across (one unit a day, N units for N days) and pixels
down, drawn with preserveAspectRatio="none": a stylesheet stretches it to the width there is,
so a phone shows every day of the log, and the row names and the dates beside and below
it are HTML text (_chart.html) that keeps its size. Each mark and each strip of one item at
one grade is one <path> of rectangles, not one element a day: a 16-week log stays a few KB.
Built with ElementTree, so every text is escaped and the markup is well-formed XML (the tests
parse it). No script, no style attributes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from itertools import groupby

from planner.symptoms import scale
from planner.symptoms.timeline import Day
from regimens.engine import day_name

SVG_NS = "http://www.w3.org/2000/svg"
ROW_H = 20  # px; report.css gives each row name the same height (1.25rem)
GRADE_HEIGHT = (2, 6, 11, 16)  # a logged "none" still shows, as a thin line
GRADE_FILL = ("#c9ced6", "#f0a868", "#d25a26", "#7f1a0a")
GRID, RULE = "#d5d9df", "#c9ced6"
AFTER_FILL = "#e4e9f0"  # the band behind the days logged after the course
# Night marks: (row, status, fill, top and height within the row); a night fills .7 of its day.
MARKS = (
    ("applied", "done", "#1d6b34", 3, 14),
    ("applied", "planned", "#0b5cad", 7, 6),
    ("applied", "unrecorded", "#b35c00", 7, 6),  # past and never ticked: not a planned dash
    ("applied", "cancelled", "#6c7480", 9, 2),
    ("missed", "missed", "#a3260f", 3, 14),
    ("rest", "rest", "#9a6b00", 5, 10),
)
MARK_ROWS = (("applied", "Applications"), ("missed", "Missed nights"), ("rest", "Rest days"))
GROUPS = (("Skin reactions", scale.LOCAL_REACTIONS), ("Flu-like", scale.FLU_LIKE))


def rows() -> list[tuple[str, str, str]]:
    """(kind, key, label) from top to bottom; kind is mark, group or item."""
    out = [("mark", key, text) for key, text in MARK_ROWS]
    for heading, items in GROUPS:
        out.append(("group", heading, heading))
        out += [("item", item, scale.label(item)) for item in items]
    return out


TOP = {key: n * ROW_H for n, (_, key, _) in enumerate(rows())}  # row key -> y of its top
HEIGHT = len(TOP) * ROW_H


def axis_labels(days: Sequence[Day]) -> list[str]:
    """The dates under the chart: the first day, the middle one and the last. When the days
    run over two years the first and the last say theirs (Nov 2026 to Feb 2027); the middle
    one, between them, needs none, and without it the three fit on a phone."""
    first, last = days[0].date, days[-1].date
    year = " %Y" if first.year != last.year else ""
    ends = [f"{first.day} {first:%b{year}}", f"{last.day} {last:%b{year}}"]
    if len(days) <= 2:
        return ends
    middle = days[len(days) // 2].date
    return [ends[0], f"{middle.day} {middle:%b}", ends[1]]


def chart_svg(
    days: Sequence[Day],
    *,
    title: str,
    desc: str,
    ids: str = "timeline",
    course_end: dt.date | None = None,
) -> str:
    """The whole chart as one <svg> element, ready to inline in HTML; the days logged after
    `course_end` on a shaded band."""
    svg = root(len(days), title, desc, ids)
    after_course(svg, days, course_end)
    grid_lines(svg, len(days))
    night_marks(svg, days)
    cells(svg, days)
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def root(width: int, title: str, desc: str, ids: str) -> ET.Element:
    svg = ET.Element("svg", xmlns=SVG_NS, viewBox=f"0 0 {width} {HEIGHT}")
    for name, value in {
        "width": "100%",
        "height": HEIGHT,
        "preserveAspectRatio": "none",
        "role": "img",
        "aria-labelledby": f"{ids}-title",
        "aria-describedby": f"{ids}-desc",
        "class": "timeline",
    }.items():
        svg.set(name, str(value))
    ET.SubElement(svg, "title", id=f"{ids}-title").text = title
    ET.SubElement(svg, "desc", id=f"{ids}-desc").text = desc
    return svg


def add_path(parent: ET.Element, css: str, d: str, **attrs) -> ET.Element | None:
    """One <path> with a class, or nothing when there is nothing to draw."""
    if not d:
        return None
    node = ET.SubElement(parent, "path", {k.replace("_", "-"): str(v) for k, v in attrs.items()})
    node.set("class", css)
    node.set("d", d)
    return node


def box(x: float, y: int, width: float, height: int) -> str:
    return f"M{x:g} {y}h{width:g}v{height}h{-width:g}z"


def days_after(days: Sequence[Day], course_end: dt.date | None) -> list[Day]:
    """The days logged after the course (none without a course end)."""
    return [day for day in days if course_end and day.date > course_end]


def after_course(svg: ET.Element, days: Sequence[Day], course_end: dt.date | None) -> None:
    if after := days_after(days, course_end):
        add_path(svg, "after-course", box(after[0].number, 0, len(after), HEIGHT), fill=AFTER_FILL)


def grid_lines(svg: ET.Element, days: int) -> None:
    """A line each seven days from the start, and one above each group of items; they stay
    one pixel wide however far the chart is stretched."""
    weeks = "".join(f"M{n} 0V{HEIGHT}" for n in range(7, days, 7))
    groups = "".join(f"M0 {TOP[heading]}H{days}" for heading, _ in GROUPS)
    for css, d, colour in (("grid", weeks, GRID), ("rule", groups, RULE)):
        add_path(svg, css, d, fill="none", stroke=colour, vector_effect="non-scaling-stroke")


def night_marks(svg: ET.Element, days: Sequence[Day]) -> None:
    """Applications (done tall and green, planned a short blue dash, not recorded a short
    orange one, cancelled a grey line), missed nights and rest days, each on its row."""
    for row, status, fill, top, height in MARKS:
        hit = [d.number for d in days if (d.rest if status == "rest" else d.night == status)]
        d = "".join(box(n + 0.15, TOP[row] + top, 0.7, height) for n in hit)
        add_path(svg, f"mark {status}", d, fill=fill, data_mark=status)


def runs(days: Sequence[Day], item: str) -> Iterator[tuple[int, int, int]]:
    """(grade, first day number, days) for each run of logged days at one grade."""
    logged = [(d.number, d.grades[item]) for d in days if d.grades is not None]
    # Consecutive days at the same grade share a run: number minus position is constant.
    for (_, grade), run in groupby(enumerate(logged), key=lambda p: (p[1][0] - p[0], p[1][1])):
        numbers = [number for _, (number, _) in run]
        yield grade, numbers[0], len(numbers)


def cells(svg: ET.Element, days: Sequence[Day]) -> None:
    """One strip per item and grade: taller and darker as the grade rises."""
    for item in scale.ITEMS:
        by_grade: dict[int, str] = {}
        bottom = TOP[item] + ROW_H - 2
        for grade, first, length in runs(days, item):
            size = GRADE_HEIGHT[grade]
            by_grade[grade] = by_grade.get(grade, "") + box(first, bottom - size, length, size)
        for grade, d in sorted(by_grade.items()):
            add_path(
                svg, f"cell g{grade}", d, fill=GRADE_FILL[grade], data_item=item, data_grade=grade
            )


def describe(days: Sequence[Day], course_end: dt.date | None = None) -> str:
    """The <desc>: what the chart shows, and where its data is as text."""
    logged = sum(day.logged for day in days)
    after = days_after(days, course_end)
    return (
        f"Daily grades from 0 (none) to 3 (severe) for {len(scale.ITEMS)} reactions, "
        f"{day_name(days[0].date, year=True)} to {day_name(days[-1].date, year=True)}, "
        "with application nights, missed nights and rest days on the same days. "
        f"{logged} days logged. "
        + (f"After treatment, from {after[0].date:%-d %b}: {len(after)} days. " if after else "")
        + "The same data is in the table that follows the chart."
    )
