"""Read the timeline chart back: which days each path covers, as the person would see them.

chart.py draws every mark and strip as rectangles "M{x} {y}h{w}v{h}h{-w}z" in day units across
(day n spans x = n to n + 1); this turns them back into dates, independently of chart.py."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

RECT = re.compile(r"M([\d.]+) ([\d.]+)h([\d.]+)v([\d.]+)h-([\d.]+)z")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own output, the thing under test


def chart_in(body: str) -> ET.Element:
    return parse(re.search(r"<svg.*?</svg>", body, re.S).group(0))


def rects(d: str) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) of each rectangle, the whole path being rectangles only."""
    found = RECT.findall(d)
    assert "".join(f"M{x} {y}h{w}v{h}h-{w2}z" for x, y, w, h, w2 in found) == d, d
    return [(float(x), float(y), float(w), float(h)) for x, y, w, h, _ in found]


def days_of(d: str, start: dt.date) -> list[dt.date]:
    """Every date a path covers, in order (a rectangle across n days covers n dates)."""
    out = []
    for x, _, width, _ in rects(d):
        first = int(x)
        out += [start + dt.timedelta(first + n) for n in range(max(1, round(width)))]
    return out


def grades(svg: ET.Element, start: dt.date) -> dict[tuple[str, str], int]:
    """(ISO date, item) -> grade, for every strip of every item."""
    drawn: dict[tuple[str, str], int] = {}
    for path in with_class(svg, "cell"):
        for day in days_of(path.get("d"), start):
            key = (day.isoformat(), path.get("data-item"))
            assert key not in drawn, f"{key} drawn twice"
            drawn[key] = int(path.get("data-grade"))
    return drawn


def marks(svg: ET.Element, start: dt.date) -> set[tuple[str, str]]:
    """(ISO date, mark) for each night mark: done, planned, cancelled, missed, rest."""
    return {
        (day.isoformat(), path.get("data-mark"))
        for path in svg.iter()
        if path.get("data-mark")
        for day in days_of(path.get("d"), start)
    }


def with_class(svg: ET.Element, css: str) -> list[ET.Element]:
    return [node for node in svg.iter() if css in node.get("class", "").split()]
