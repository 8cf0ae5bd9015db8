"""The timeline and its SVG chart: pure functions, parsed back with ElementTree."""

import datetime as dt
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.symptoms.chart import chart_svg, describe, rows
from planner.symptoms.models import ITEMS
from planner.symptoms.timeline import timeline

NS = {"svg": "http://www.w3.org/2000/svg"}
START, END = dt.date(2026, 3, 2), dt.date(2026, 3, 15)


def session(day, status, number=1):
    return SimpleNamespace(date=day, status=status, number=number)


def entry(day, note="", **given):
    values = {item: given.get(item, 0) for item in ITEMS}
    return SimpleNamespace(date=day, note=note, grades=lambda: values)


def rest(first, last):
    return SimpleNamespace(first_day=first, last_day=last)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own output, the thing under test


def build(sessions=(), rests=(), entries=()):
    days = timeline(START, END, sessions=sessions, rest_periods=rests, entries=entries)
    return parse(chart_svg(days, title="Reactions", desc=describe(days))), days


def marks(svg, css):
    return [node for node in svg.iter() if css in node.get("class", "").split()]


def test_the_timeline_has_every_day_of_the_course_in_order():
    days = timeline(START, END, sessions=[], rest_periods=[], entries=[])
    assert [d.date for d in days] == [START + dt.timedelta(n) for n in range(14)]
    assert [d.number for d in days] == list(range(14))


def test_it_is_an_accessible_image_with_a_title_and_a_description():
    svg, _ = build()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("role") == "img"
    assert svg.find("svg:title", NS).text == "Reactions"
    assert "0 (none) to 3 (severe)" in svg.find("svg:desc", NS).text
    assert svg.get("aria-labelledby") == svg.find("svg:title", NS).get("id")
    assert svg.get("aria-describedby") == svg.find("svg:desc", NS).get("id")


def test_it_has_no_script_and_no_style_attributes():
    svg, _ = build(entries=[entry(START, erythema=2)])
    assert not list(svg.iter("{http://www.w3.org/2000/svg}script"))
    assert all("style" not in node.attrib for node in svg.iter())


def test_the_x_axis_spans_every_day_from_start_to_end():
    svg, days = build()
    width = int(svg.get("width"))
    assert svg.get("viewBox") == f"0 0 {width} {svg.get('height')}"
    ticks = [node.text for node in marks(svg, "tick")]
    assert ticks == ["2 Mar", "9 Mar"]  # one every seven days
    assert len(days) == 14


def test_it_draws_one_row_label_per_item_and_marker_row():
    svg, _ = build()
    labels = [node.text for node in marks(svg, "row-label")]
    assert labels == [text for _, _, text in rows()]
    assert labels[:3] == ["Applications", "Missed nights", "Rest days"]
    assert "Redness" in labels and "Swollen glands" in labels


def test_it_draws_one_cell_per_item_for_each_logged_day_with_its_grade():
    svg, _ = build(entries=[entry(dt.date(2026, 3, 5), erythema=2, erosion=3, fever=1)])
    cells = marks(svg, "cell")
    assert len(cells) == len(ITEMS)
    by_item = {cell.get("data-item"): cell for cell in cells}
    assert {cell.get("data-date") for cell in cells} == {"2026-03-05"}
    assert by_item["erythema"].get("data-grade") == "2"
    assert "g2" in by_item["erythema"].get("class")
    assert by_item["erosion"].get("data-grade") == "3"
    assert by_item["edema"].get("data-grade") == "0"
    assert by_item["erythema"].find("svg:title", NS).text == "Thu 5 Mar 2026: Redness moderate (2)"


def test_higher_grades_get_taller_cells_and_unlogged_days_none():
    svg, _ = build(entries=[entry(START + dt.timedelta(n), erythema=n) for n in range(4)])
    redness = [c for c in marks(svg, "cell") if c.get("data-item") == "erythema"]
    heights = [float(c.get("height")) for c in redness]
    assert heights == sorted(heights) and len(set(heights)) == 4
    assert {c.get("data-date") for c in redness} == {f"2026-03-0{n}" for n in (2, 3, 4, 5)}


def test_cells_sit_in_their_day_column():
    svg, _ = build(entries=[entry(START), entry(END)])
    xs = sorted({float(c.get("x")) for c in marks(svg, "cell")})
    day_width = float(marks(svg, "cell")[0].get("width")) + 2  # a cell leaves a gap of 2
    assert xs[1] - xs[0] == 13 * day_width


def test_short_courses_get_wider_days_and_long_ones_stay_legible():
    svg, _ = build(entries=[entry(START)])
    assert float(marks(svg, "cell")[0].get("width")) + 2 == 24
    long_days = timeline(
        START, START + dt.timedelta(111), sessions=[], rest_periods=[], entries=[entry(START)]
    )
    long_svg = parse(chart_svg(long_days, title="t", desc="d"))
    assert float(marks(long_svg, "cell")[0].get("width")) + 2 == 8


def test_it_marks_done_and_planned_nights_on_the_applications_row():
    svg, _ = build(
        sessions=[
            session(dt.date(2026, 3, 2), "done", 1),
            session(dt.date(2026, 3, 5), "planned", 2),
        ]
    )
    done, planned = marks(svg, "done"), marks(svg, "planned")
    assert [m.get("data-date") for m in done] == ["2026-03-02"]
    assert [m.get("data-date") for m in planned] == ["2026-03-05"]
    assert done[0].get("cy") == planned[0].get("cy")
    assert done[0].find("svg:title", NS).text == "Mon 2 Mar 2026: application 1 done"


def test_it_marks_missed_nights_and_rest_days_on_their_own_rows():
    svg, _ = build(
        sessions=[
            session(dt.date(2026, 3, 5), "missed", 2),
            session(dt.date(2026, 3, 9), "rest", 3),
        ],
        rests=[rest(dt.date(2026, 3, 11), dt.date(2026, 3, 12))],
    )
    assert [m.get("data-date") for m in marks(svg, "missed")] == ["2026-03-05"]
    rest_days = [m.get("data-date") for m in marks(svg, "rest")]
    assert rest_days == ["2026-03-09", "2026-03-11", "2026-03-12"]
    assert {m.get("y") for m in marks(svg, "rest")} != {m.get("y") for m in marks(svg, "missed")}


def test_cancelled_nights_are_drawn_but_not_as_applications():
    svg, _ = build(sessions=[session(dt.date(2026, 3, 12), "cancelled", 4)])
    assert [m.get("data-date") for m in marks(svg, "cancelled")] == ["2026-03-12"]
    assert not marks(svg, "done") and not marks(svg, "planned")


def test_entries_and_sessions_outside_the_course_are_left_out():
    svg, _ = build(
        sessions=[session(dt.date(2026, 3, 20), "done")],
        entries=[entry(dt.date(2026, 3, 1), erythema=3)],
    )
    assert not marks(svg, "cell") and not marks(svg, "done")


def test_the_description_counts_the_logged_days():
    _, days = build(entries=[entry(START), entry(END)])
    assert "2 days logged" in describe(days)
    assert "Mon 2 Mar 2026 to Sun 15 Mar 2026" in describe(days)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=13),
        st.fixed_dictionaries({item: st.integers(min_value=0, max_value=3) for item in ITEMS}),
    )
)
def test_every_logged_grade_appears_exactly_once_with_its_value(logged):
    entries = [entry(START + dt.timedelta(n), **grades) for n, grades in logged.items()]
    svg, _ = build(entries=entries)
    drawn = {
        (c.get("data-date"), c.get("data-item")): int(c.get("data-grade"))
        for c in marks(svg, "cell")
    }
    expected = {
        ((START + dt.timedelta(n)).isoformat(), item): grade
        for n, grades in logged.items()
        for item, grade in grades.items()
    }
    assert drawn == expected
    assert len(marks(svg, "cell")) == len(expected)
