"""The summaries, the CSV rows and the scale: pure functions, no database."""

import datetime as dt
from types import SimpleNamespace

import pytest

from planner.symptoms import export, scale
from planner.symptoms.models import ITEMS
from planner.symptoms.summary import adherence, spans, summarize
from planner.symptoms.timeline import timeline

START, END = dt.date(2026, 3, 2), dt.date(2026, 3, 15)


def entry(day, note="", **given):
    values = {item: given.get(item, 0) for item in ITEMS}
    return SimpleNamespace(date=day, note=note, grades=lambda: values)


def days_of(entries=(), sessions=(), rests=()):
    return timeline(START, END, sessions=sessions, rest_periods=rests, entries=entries)


def march(day):
    return dt.date(2026, 3, day)


def test_it_finds_the_worst_grade_of_each_item_and_when():
    days = days_of(
        [entry(march(3), erythema=2), entry(march(4), erythema=3), entry(march(6), erythema=3)]
    )
    worst = {w.item: w for w in summarize(days, END).worst}
    assert worst["erythema"].grade == 3
    assert worst["erythema"].dates == (march(4), march(6))
    assert worst["erythema"].word == "severe"
    assert worst["edema"].grade == 0 and worst["edema"].dates == ()
    assert list(worst) == list(ITEMS)


def test_it_lists_every_item_at_the_overall_worst_grade():
    days = days_of([entry(march(3), itching=2, fever=2), entry(march(4), erythema=1)])
    summary = summarize(days, END)
    assert summary.overall_grade == 2 and summary.overall_word == "moderate"
    assert [(w.item, w.dates) for w in summary.overall] == [
        ("itching", (march(3),)),
        ("fever", (march(3),)),
    ]


def test_it_counts_days_logged_and_days_with_a_severe_reaction():
    days = days_of(
        [entry(march(3), fever=3), entry(march(4), erythema=2), entry(march(5), vesicles=3)]
    )
    summary = summarize(days, END)
    assert summary.logged == 3
    assert summary.severe_days == [march(3), march(5)]


def test_an_empty_log_has_no_worst_and_no_severe_days():
    summary = summarize(days_of(), END)
    assert summary.logged == 0 and summary.overall == [] and summary.overall_word == "none"
    assert summary.severe_days == []


def test_rest_days_join_rest_periods_and_nights_marked_rest():
    sessions = [SimpleNamespace(date=march(2), status="rest", number=1)]
    rests = [SimpleNamespace(first_day=march(9), last_day=march(11))]
    summary = summarize(days_of(sessions=sessions, rests=rests), END)
    assert summary.rest_days == [march(2), march(9), march(10), march(11)]
    assert summary.rest_spans == [(march(2), march(2)), (march(9), march(11))]


def test_rest_days_are_those_up_to_today_and_none_after_the_last_day_of_treatment():
    sessions = [SimpleNamespace(date=march(2), status="rest", number=1)]
    rests = [SimpleNamespace(first_day=march(9), last_day=march(11))]
    days = days_of(sessions=sessions, rests=rests)
    assert summarize(days, today=march(10)).rest_days == [march(2), march(9), march(10)]
    stopped = timeline(
        START, END, sessions=sessions, rest_periods=rests, entries=(), rest_until=march(9)
    )
    assert [day.date for day in stopped if day.rest] == [march(2), march(9)]


def test_spans_join_consecutive_days():
    assert spans([march(5), march(3), march(4), march(9), march(9)]) == [
        (march(3), march(5)),
        (march(9), march(9)),
    ]
    assert spans([]) == []


def test_adherence_lists_the_nights_of_each_status_and_the_unrecorded_past_ones():
    def night(day, status):
        wash_off = dt.datetime(2026, 3, day + 1, 6, tzinfo=dt.UTC)
        return SimpleNamespace(date=march(day), status=status, wash_off_at=wash_off)

    sessions = [
        night(2, "done"),
        night(5, "missed"),
        night(9, "done"),
        night(12, "planned"),
        night(13, "planned"),
        night(16, "planned"),
    ]
    now = dt.datetime(2026, 3, 14, 5, 59, tzinfo=dt.UTC)
    rows = {
        status: dates for status, _, dates in adherence(sessions, now=now, rest_until=now.date())
    }
    assert rows == {
        "done": [march(2), march(9)],
        "missed": [march(5)],
        "rest": [],
        "cancelled": [],
        # 13 March's cream is still on until 06:00 on the 14th; 16 March is ahead
        "unrecorded": [march(12)],
    }


def test_the_csv_header_names_each_item_as_a_number_and_a_word():
    header = export.header()
    assert header[:5] == ["date", "application", "rest_day", "erythema", "erythema_word"]
    assert header[-1] == "note"
    assert len(header) == 3 + 2 * len(ITEMS) + 1


def test_the_csv_has_one_row_per_logged_day_only():
    rows = list(export.rows(days_of([entry(march(4), erythema=2, note="sore")])))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["date"] == "2026-03-04"
    assert (row["erythema"], row["erythema_word"]) == (2, "moderate")
    assert (row["fever"], row["fever_word"]) == (0, "none")
    assert row["note"] == "sore"


@pytest.mark.parametrize("note", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)"])
def test_the_csv_defuses_notes_that_a_spreadsheet_would_run(note):
    rows = list(export.rows(days_of([entry(march(4), note=note)])))
    assert rows[1][-1] == f"'{note}"


@pytest.mark.parametrize("item", ITEMS)
def test_every_item_has_a_short_label_and_four_one_line_grade_descriptions(item):
    anchors = scale.anchors(item)
    assert len(anchors) == 4
    assert all(text and "\n" not in text and len(text) < 80 for text in anchors)
    assert scale.label(item)


def test_grade_words_follow_the_labels_four_words():
    assert [scale.word(n) for n in range(4)] == ["none", "mild", "moderate", "severe"]
