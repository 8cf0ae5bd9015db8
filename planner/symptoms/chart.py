"""The timeline as inline SVG: marker rows for the nights, then one heat strip per item.

Built with ElementTree, so every text is escaped and the markup is well-formed XML
(the tests parse it). Presentation attributes keep it right when printed or saved on
its own; the class names let a stylesheet restyle it. No script, no style attributes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from planner.symptoms import scale
from planner.symptoms.timeline import Day

SVG_NS = "http://www.w3.org/2000/svg"
LABEL_W, ROW_H, AXIS_H, PAD = 120, 18, 24, 6
PLOT_W = 720  # short courses get wider days, up to MAX_DAY_W, long ones at least MIN_DAY_W
MIN_DAY_W, MAX_DAY_W = 8, 24
GRADE_HEIGHT = (2, 6, 11, 16)  # a logged "none" still shows, as a thin line
GRADE_FILL = ("#c9ced6", "#f0a868", "#d25a26", "#7f1a0a")
INK, DONE, PLANNED, MISSED, REST = "#1b1f24", "#1d6b34", "#0b5cad", "#a3260f", "#9a6b00"

MARK_ROWS = (("applied", "Applications"), ("missed", "Missed nights"), ("rest", "Rest days"))
GROUPS = (("Skin reactions", scale.LOCAL_REACTIONS), ("Flu-like", scale.FLU_LIKE))


def nice(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def rows() -> list[tuple[str, str, str]]:
    """(kind, key, label) from top to bottom; kind is mark, group or item."""
    out = [("mark", key, text) for key, text in MARK_ROWS]
    for heading, items in GROUPS:
        out.append(("group", heading, heading))
        out += [("item", item, scale.label(item)) for item in items]
    return out


@dataclass(frozen=True)
class Grid:
    days: int
    day_w: int
    top: dict[str, int]  # row key -> y of the row's top edge

    @classmethod
    def for_days(cls, days: int) -> Grid:
        day_w = max(MIN_DAY_W, min(MAX_DAY_W, PLOT_W // max(days, 1)))
        top = {key: AXIS_H + n * ROW_H for n, (_, key, _) in enumerate(rows())}
        return cls(days, day_w, top)

    @property
    def width(self) -> int:
        return LABEL_W + self.days * self.day_w + PAD

    @property
    def height(self) -> int:
        return AXIS_H + len(self.top) * ROW_H + PAD

    def x(self, day: Day) -> int:
        return LABEL_W + day.number * self.day_w

    def middle(self, row: str) -> float:
        return self.top[row] + ROW_H / 2


def chart_svg(days: Sequence[Day], *, title: str, desc: str, ids: str = "timeline") -> str:
    """The whole chart as one <svg> element, ready to inline in HTML."""
    grid = Grid.for_days(len(days))
    svg = root(grid, title, desc, ids)
    axis(svg, days, grid)
    row_labels(svg, grid)
    for day in days:
        night_marks(svg, day, grid)
        if day.grades is not None:
            cells(svg, day, grid)
    return ET.tostring(svg, encoding="unicode")


def root(grid: Grid, title: str, desc: str, ids: str) -> ET.Element:
    svg = ET.Element("svg", xmlns=SVG_NS, viewBox=f"0 0 {grid.width} {grid.height}")
    for name, value in {
        "width": grid.width,
        "height": grid.height,
        "role": "img",
        "aria-labelledby": f"{ids}-title",
        "aria-describedby": f"{ids}-desc",
        "class": "timeline",
        "font-family": "system-ui, sans-serif",
        "font-size": 11,
    }.items():
        svg.set(name, str(value))
    ET.SubElement(svg, "title", id=f"{ids}-title").text = title
    ET.SubElement(svg, "desc", id=f"{ids}-desc").text = desc
    return svg


def add(parent: ET.Element, tag: str, css: str, hover: str = "", **attrs) -> ET.Element:
    """A child element with a class and, when given, a <title> shown on hover."""
    node = ET.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items()})
    node.set("class", css)
    if hover:
        ET.SubElement(node, "title").text = hover
    return node


def axis(svg: ET.Element, days: Sequence[Day], grid: Grid) -> None:
    """A tick and a date every seven days from the start."""
    for day in days[::7]:
        x = grid.x(day)
        add(svg, "line", "grid", x1=x, x2=x, y1=AXIS_H - 6, y2=grid.height - PAD, stroke="#e3e6ea")
        tick = add(svg, "text", "tick", x=x + 1, y=AXIS_H - 9, fill=INK)
        tick.text = f"{day.date.day} {day.date:%b}"


def row_labels(svg: ET.Element, grid: Grid) -> None:
    for kind, key, text in rows():
        y = grid.top[key]
        label = add(svg, "text", f"row-label {kind}", x=2, y=y + ROW_H - 5, fill=INK)
        label.set("font-weight", "700" if kind == "group" else "400")
        label.text = text
        if kind == "group":
            add(svg, "line", "rule", x1=0, x2=grid.width, y1=y, y2=y, stroke="#c9ced6")


def night_marks(svg: ET.Element, day: Day, grid: Grid) -> None:
    """Application (done filled, planned hollow), missed (a cross) and rest (a block)."""
    status, x = day.status, grid.x(day)
    mid, date = x + grid.day_w / 2, day.date.isoformat()
    hover = f"{nice(day.date)}: application {getattr(day.session, 'number', '')} {status}"
    if status in ("done", "planned"):
        colour = DONE if status == "done" else PLANNED
        fill = colour if status == "done" else "#ffffff"
        add(
            svg,
            "circle",
            f"mark {status}",
            hover,
            cx=mid,
            cy=grid.middle("applied"),
            r=3.5,
            fill=fill,
            stroke=colour,
            stroke_width=1.5,
            data_date=date,
            data_mark=status,
        )
    elif status == "cancelled":
        y = grid.middle("applied")
        add(
            svg,
            "line",
            "mark cancelled",
            hover,
            x1=mid - 3,
            x2=mid + 3,
            y1=y,
            y2=y,
            stroke="#6c7480",
            stroke_width=2,
            data_date=date,
            data_mark=status,
        )
    elif status == "missed":
        y = grid.middle("missed") - 3.5
        path = f"M{mid - 3} {y} l6 7 m-6 0 l6 -7"
        add(
            svg,
            "path",
            "mark missed",
            hover,
            d=path,
            stroke=MISSED,
            stroke_width=2,
            data_date=date,
            data_mark=status,
        )
    if day.rest:
        add(
            svg,
            "rect",
            "mark rest",
            f"{nice(day.date)}: rest day",
            x=x,
            y=grid.top["rest"] + 4,
            width=grid.day_w,
            height=ROW_H - 8,
            fill=REST,
            data_date=date,
            data_mark="rest",
        )


def cells(svg: ET.Element, day: Day, grid: Grid) -> None:
    """One cell per item: taller and darker as the grade rises, the grade on hover."""
    x, date = grid.x(day), day.date.isoformat()
    for item, grade in day.grades.items():
        size = GRADE_HEIGHT[grade]
        hover = f"{nice(day.date)}: {scale.label(item)} {scale.word(grade)} ({grade})"
        add(
            svg,
            "rect",
            f"cell g{grade}",
            hover,
            x=x + 1,
            y=grid.top[item] + ROW_H - 1 - size,
            width=grid.day_w - 2,
            height=size,
            fill=GRADE_FILL[grade],
            data_date=date,
            data_item=item,
            data_grade=grade,
        )


def describe(days: Sequence[Day]) -> str:
    """The <desc>: what the chart shows, and where its data is as text."""
    logged = sum(day.logged for day in days)
    return (
        f"Daily grades from 0 (none) to 3 (severe) for {len(scale.ITEMS)} reactions, "
        f"{nice(days[0].date)} to {nice(days[-1].date)}, with application nights, "
        f"missed nights and rest days on the same days. {logged} days logged. "
        "The same data is in the table that follows the chart."
    )
