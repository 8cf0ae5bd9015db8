"""The timeline and its SVG chart: pure functions, parsed back with ElementTree."""

import datetime as dt
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from svg_marks import grades, marks, parse, rects, with_class

from planner.symptoms.chart import HEIGHT, ROW_H, axis_labels, chart_svg, describe, rows
from planner.symptoms.models import ITEMS
from planner.symptoms.table import table_body
from planner.symptoms.timeline import Day, timeline

NS = {"svg": "http://www.w3.org/2000/svg"}
START, END = dt.date(2026, 3, 2), dt.date(2026, 3, 15)


def session(day, status, number=1):
    return SimpleNamespace(date=day, status=status, number=number)


def entry(day, note="", **given):
    values = {item: given.get(item, 0) for item in ITEMS}
    return SimpleNamespace(date=day, note=note, grades=lambda: values)


def rest(first, last):
    return SimpleNamespace(first_day=first, last_day=last)


def build(sessions=(), rests=(), entries=(), end=END):
    days = timeline(START, end, sessions=sessions, rest_periods=rests, entries=entries)
    return parse(chart_svg(days, title="Reactions", desc=describe(days))), days


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


def test_it_has_no_script_no_style_attributes_and_no_text_to_shrink():
    svg, _ = build(entries=[entry(START, erythema=2)])
    assert not list(svg.iter("{http://www.w3.org/2000/svg}script"))
    assert all("style" not in node.attrib for node in svg.iter())
    assert not list(svg.iter("{http://www.w3.org/2000/svg}text")), "names and dates are HTML"


def test_it_stretches_to_its_box_one_unit_a_day_across():
    svg, days = build()
    assert svg.get("viewBox") == f"0 0 {len(days)} {HEIGHT}"
    assert svg.get("preserveAspectRatio") == "none"
    assert svg.get("width") == "100%"
    assert len(rows()) * ROW_H == HEIGHT


def test_the_week_lines_keep_one_pixel_however_far_it_stretches():
    svg, _ = build()
    (weeks,) = with_class(svg, "grid")
    assert weeks.get("d") == f"M7 0V{HEIGHT}"  # one line a week after the first day
    assert weeks.get("vector-effect") == "non-scaling-stroke"


def test_the_axis_names_the_first_the_middle_and_the_last_day():
    _, days = build()
    assert axis_labels(days) == ["2 Mar", "9 Mar", "15 Mar"]
    assert axis_labels(days[:2]) == ["2 Mar", "3 Mar"]


def test_the_rows_are_the_marks_then_each_group_with_its_items():
    labels = [text for _, _, text in rows()]
    assert labels[:3] == ["Applications", "Missed nights", "Rest days"]
    assert labels[3] == "Skin reactions" and "Flu-like" in labels
    assert "Redness" in labels and "Swollen glands" in labels
    assert len(labels) == 3 + 2 + len(ITEMS)


def test_it_draws_each_logged_grade_on_its_day_and_item():
    svg, _ = build(entries=[entry(dt.date(2026, 3, 5), erythema=2, erosion=3, fever=1)])
    drawn = grades(svg, START)
    assert len(drawn) == len(ITEMS)
    assert drawn[("2026-03-05", "erythema")] == 2
    assert drawn[("2026-03-05", "erosion")] == 3
    assert drawn[("2026-03-05", "edema")] == 0
    assert "g2" in with_class(svg, "g2")[0].get("class")


def test_higher_grades_get_taller_strips_and_unlogged_days_none():
    svg, _ = build(entries=[entry(START + dt.timedelta(n), erythema=n) for n in range(4)])
    redness = [p for p in with_class(svg, "cell") if p.get("data-item") == "erythema"]
    heights = [rects(p.get("d"))[0][3] for p in redness]
    assert heights == sorted(heights) and len(set(heights)) == 4
    drawn = {day: grade for (day, item), grade in grades(svg, START).items() if item == "erythema"}
    assert drawn == {f"2026-03-0{n + 2}": n for n in range(4)}


def test_days_in_a_row_at_one_grade_are_one_rectangle():
    svg, _ = build(entries=[entry(START + dt.timedelta(n), itching=1) for n in range(5)])
    (itching,) = [p for p in with_class(svg, "g1") if p.get("data-item") == "itching"]
    ((x, _, width, _),) = rects(itching.get("d"))
    assert (x, width) == (0, 5)


def test_every_element_is_a_path_a_few_per_item_not_one_a_day():
    long_end = START + dt.timedelta(111)
    logged = [entry(START + dt.timedelta(n), erythema=n % 4) for n in range(112)]
    svg, _ = build(entries=logged, end=long_end)
    shapes = [n for n in svg.iter() if n.tag.endswith("path")]
    assert len(shapes) <= 2 + 6 + 4 * len(ITEMS)  # grid lines, night marks, strips
    assert len(grades(svg, START)) == 112 * len(ITEMS)


def test_it_marks_done_and_planned_nights_on_the_applications_row():
    svg, _ = build(
        sessions=[
            session(dt.date(2026, 3, 2), "done", 1),
            session(dt.date(2026, 3, 5), "planned", 2),
        ]
    )
    assert {("2026-03-02", "done"), ("2026-03-05", "planned")} == marks(svg, START)
    done, planned = with_class(svg, "done")[0], with_class(svg, "planned")[0]
    (done_rect,), (planned_rect,) = rects(done.get("d")), rects(planned.get("d"))
    assert 0 <= done_rect[1] < planned_rect[1] < ROW_H, "both on the first row"
    assert done_rect[3] > planned_rect[3], "a done night stands taller than a planned one"


def test_it_marks_missed_nights_and_rest_days_on_their_own_rows():
    svg, _ = build(
        sessions=[
            session(dt.date(2026, 3, 5), "missed", 2),
            session(dt.date(2026, 3, 9), "rest", 3),
        ],
        rests=[rest(dt.date(2026, 3, 11), dt.date(2026, 3, 12))],
    )
    drawn = marks(svg, START)
    assert {day for day, mark in drawn if mark == "missed"} == {"2026-03-05"}
    assert {day for day, mark in drawn if mark == "rest"} == {
        "2026-03-09",
        "2026-03-11",
        "2026-03-12",
    }
    missed_y = rects(with_class(svg, "missed")[0].get("d"))[0][1]
    rest_y = rects(with_class(svg, "rest")[0].get("d"))[0][1]
    assert ROW_H <= missed_y < 2 * ROW_H <= rest_y < 3 * ROW_H


def test_cancelled_nights_are_drawn_but_not_as_applications():
    svg, _ = build(sessions=[session(dt.date(2026, 3, 12), "cancelled", 4)])
    assert marks(svg, START) == {("2026-03-12", "cancelled")}


def test_entries_and_sessions_outside_the_course_are_left_out():
    svg, _ = build(
        sessions=[session(dt.date(2026, 3, 20), "done")],
        entries=[entry(dt.date(2026, 3, 1), erythema=3)],
    )
    assert not grades(svg, START) and not marks(svg, START)


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
    entries = [entry(START + dt.timedelta(n), **day) for n, day in logged.items()]
    svg, _ = build(entries=entries)
    expected = {
        ((START + dt.timedelta(n)).isoformat(), item): grade
        for n, day in logged.items()
        for item, grade in day.items()
    }
    assert grades(svg, START) == expected


def test_a_past_night_never_ticked_is_marked_not_recorded_not_planned():
    never_ticked = SimpleNamespace(
        date=dt.date(2026, 3, 2), status="planned", number=1, unrecorded=True,
        get_status_display=lambda: "Planned",
    )  # fmt: skip
    svg, days = build(sessions=[never_ticked])
    assert marks(svg, START) == {("2026-03-02", "unrecorded")}
    (planned_like,) = with_class(svg, "unrecorded")
    assert rects(planned_like.get("d"))[0][1] < ROW_H, "on the applications row"
    assert "<td>Not recorded</td>" in table_body(days)


def test_the_days_after_the_course_are_shaded_and_said():
    """A log that ran on after the course's last day (15 March) to 20 March: those five days
    sit on a shaded band, and the description says from when."""
    days = timeline(START, dt.date(2026, 3, 20), sessions=[], rest_periods=[], entries=[])
    svg = parse(chart_svg(days, title="Reactions", desc=describe(days, END), course_end=END))
    (band,) = with_class(svg, "after-course")
    assert rects(band.get("d")) == [(14, 0, 5, HEIGHT)]
    assert "After treatment, from 16 Mar: 5 days." in describe(days, END)


def test_a_chart_within_the_course_has_no_band():
    svg, days = build()
    assert with_class(svg, "after-course") == []
    assert "After treatment" not in describe(days, END)


def test_over_two_years_the_first_and_last_dates_say_their_year_and_the_middle_none():
    """The middle date lies between the two, so its year is plain; without it the three fit
    under a phone's chart on one line each."""
    start = dt.date(2026, 11, 2)
    days = [Day(date=start + dt.timedelta(days=n), number=n) for n in range(112)]
    assert axis_labels(days) == ["2 Nov 2026", "28 Dec", "21 Feb 2027"]
