"""GET /plans/<id>/report/: the printable report for the clinician."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from review_roles import make_editor, make_reviewer
from svg_marks import chart_in, grades

from factories import approved_rule, make_plan
from planner.plans import services
from planner.symptoms.models import SymptomEntry
from regimens import versions

pytestmark = pytest.mark.usefixtures("catalogue")
pinned = time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)


def url(plan):
    return f"/plans/{plan.public_id}/report/"


def mark(plan, number, status):
    services.session_mark(session=plan.sessions.get(number=number), status=status)


@pinned
def test_it_describes_the_plan(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "Aldara 5%: Actinic keratosis" in body
    assert "<dt>Rule version</dt><dd>1</dd>" in body
    assert "<dt>Treated area</dt><dd>left cheek</dd>" in body
    assert "Mon 2 Mar 2026 to Sun 21 Jun 2026" in body
    assert "(112 days, 32 application nights)" in body
    assert "<dt>Time zone</dt><dd>Europe/London</dd>" in body


@pinned
def test_it_counts_done_missed_and_rest_nights_with_their_dates(client, owner):
    plan = make_plan(owner)
    mark(plan, 1, "done")
    mark(plan, 2, "missed")
    mark(plan, 3, "done")
    services.rest_period_add(
        plan=plan, first_day=dt.date(2026, 3, 12), last_day=dt.date(2026, 3, 13)
    )
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    table = body.split('class="adherence"')[1].split("</table>")[0]
    assert '<th scope="row">Done</th><td>2</td>\n        <td>2 Mar, 9 Mar</td>' in table
    assert '<th scope="row">Missed</th><td>1</td>\n        <td>5 Mar</td>' in table
    assert '<th scope="row">Rest</th><td>1</td>\n        <td>12 Mar</td>' in table
    assert "Rest days (rest periods and nights marked rest): 12 Mar to 13 Mar." in body
    # As the plan page counts it: 16 and 19 March are due and not recorded.
    assert "Done so far: <strong>2 of 5</strong> nights due (40%)." in body
    plan_page = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "Done so far: <strong>2 of 5</strong>" in " ".join(plan_page.split())


@pinned
def test_it_holds_the_chart_the_worst_reactions_and_the_notes(client, owner):
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), scabbing=3, note="crusty")
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 6), scabbing=1)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    svg = chart_in(body)
    assert svg.get("role") == "img"
    drawn = grades(svg, plan.start_date)
    scabbing = {day: grade for (day, item), grade in drawn.items() if item == "scabbing"}
    assert scabbing == {"2026-03-05": 3, "2026-03-06": 1}
    assert '<th scope="row">Scabbing</th><td class="grade">3 severe</td>' in body
    assert '<dt>Thu 5 Mar 2026</dt><dd dir="auto">crusty</dd>' in body


@pinned
def test_it_is_a_clean_print_page_with_the_disclaimer(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "Educational aid, not medical advice." in body
    assert 'href="/static/planner/report.css"' in body
    assert 'media="print"' in body
    assert "<nav" not in body and "<script" not in body and " style=" not in body
    assert "the app's own 0 to 3 scale" in body


@pinned
def test_notes_are_escaped(client, owner):
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), note="<b>x</b>")
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    assert "<b>x</b>" not in body and "&lt;b&gt;x&lt;/b&gt;" in body


def test_a_note_takes_its_own_writing_direction(client, owner):
    """Hebrew or Arabic in a note: its own paragraph direction (dir="auto"), so its
    punctuation is not reordered into a left-to-right line."""
    plan = make_plan(owner)
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 5), note="שלום & עולם")
    client.force_login(owner)
    report = client.get(url(plan)).content.decode()
    assert '<dd dir="auto">שלום &amp; עולם</dd>' in report
    log = client.get(f"/plans/{plan.public_id}/log/").content.decode()
    assert '<p class="entry-note" dir="auto">שלום &amp; עולם</p>' in log
    edit = client.get(f"/plans/{plan.public_id}/log/2026-03-05/").content.decode()
    textarea = edit.split("<textarea", 1)[1].split(">", 1)[0]
    assert 'name="note"' in textarea and 'dir="auto"' in textarea


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, owner):
    plan = make_plan(owner)
    response = client.get(url(plan))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(plan)}"


def adherence_row(body, label):
    table = " ".join(body.split('class="adherence"')[1].split("</table>")[0].split())
    return table.split(f'<th scope="row">{label}')[1].split("</tr>")[0]


# The course runs into 2027: each date says its year.
NOVEMBER = ", ".join(
    f"{day} 2026"
    for day in ("2 Nov", "5 Nov", "9 Nov", "12 Nov", "16 Nov", "19 Nov", "23 Nov", "26 Nov")
    + ("30 Nov", "3 Dec")
)


@pytest.mark.parametrize(
    ("local", "unrecorded"),
    [
        ((5, 18), f"<td>10</td> <td>{NOVEMBER}</td>"),  # Monday's cream is on until 06:00
        ((6, 30), f"<td>11</td> <td>{NOVEMBER}, 7 Dec 2026</td>"),  # washed off, never ticked
    ],
)
def test_a_night_whose_cream_is_still_on_is_not_yet_never_ticked(client, owner, local, unrecorded):
    """Lord Howe, Mon and Thu at 22:00, off at 06:00. At 05:18 on Tuesday 8 Dec the report
    listed Monday's night as never ticked, while its own 'Done so far' (and the chart) still
    had it planned."""
    zone = ZoneInfo("Australia/Lord_Howe")
    plan = make_plan(
        owner, start_date=dt.date(2026, 11, 2), application_time=dt.time(22), timezone=zone.key
    )
    client.force_login(owner)
    with time_machine.travel(dt.datetime(2026, 12, 8, *local, tzinfo=zone), tick=False):
        body = client.get(url(plan)).content.decode()
    assert adherence_row(body, "Not recorded").endswith(unrecorded)
    due = unrecorded.split("</td>")[0].removeprefix("<td>")
    assert f"Done so far: <strong>0 of {due}</strong>" in body


def test_rest_is_counted_up_to_today_and_a_stop_cancels_the_rest_after_it(client, owner):
    """30 Nov marked rest, a rest from Wed 9 to Fri 11 Dec ahead. On Mon 7 Dec the summary
    said '4 rest days: 30 Nov, 9 Dec to 11 Dec', days not yet come; stopped that day, the
    report listed 'Rest 2: 30 Nov, 10 Dec' though 10 Dec would never come."""
    plan = make_plan(owner, start_date=dt.date(2026, 11, 2))
    services.session_mark(session=plan.sessions.get(date=dt.date(2026, 11, 30)), status="rest")
    services.rest_period_add(
        plan=plan, first_day=dt.date(2026, 12, 9), last_day=dt.date(2026, 12, 11)
    )
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 12, 1), erythema=1)
    client.force_login(owner)
    with time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC), tick=False):
        before = " ".join(client.get(url(plan)).content.decode().split())
        services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 12, 7))
        after = " ".join(client.get(url(plan)).content.decode().split())
    assert plan.sessions.get(date=dt.date(2026, 12, 10)).status == "cancelled"
    for body in (before, after):
        assert "Rest days (rest periods and nights marked rest): 30 Nov 2026." in body
        assert "<strong>1</strong> rest day<" in body
        assert adherence_row(body, "Rest").endswith("<td>1</td> <td>30 Nov 2026</td>")
    assert "<td>7 Dec 2026, 10 Dec 2026, 14 Dec 2026," in adherence_row(after, "Cancelled")


@pinned
def test_it_names_the_label_the_regimen_follows(client, owner):
    """'Aldara 5%: Actinic keratosis' alone did not say it was the 16-week US regimen."""
    client.force_login(owner)
    us = client.get(url(make_plan(owner))).content.decode()
    assert "<dt>Label</dt><dd>US: FDA prescribing information</dd>" in us
    eu = make_plan(owner, "aldara-ak-eu", weekdays=("mon", "wed", "fri"))
    body = client.get(url(eu)).content.decode()
    assert "<dt>Label</dt><dd>EU/UK: summary of product characteristics (SmPC)</dd>" in body


@time_machine.travel(dt.datetime(2027, 1, 20, 12, tzinfo=dt.UTC), tick=False)
def test_a_course_over_two_years_gives_the_year_of_each_date(client, owner):
    plan = make_plan(owner, start_date=dt.date(2026, 11, 2))  # to Sun 21 Feb 2027
    mark(plan, 1, "done")
    client.force_login(owner)
    body = client.get(url(plan)).content.decode()
    table = body.split('class="adherence"')[1].split("</table>")[0]
    assert "<td>2 Nov 2026</td>" in table
    assert "3 Dec 2026" in table and "18 Jan 2027" in table
    axis = body.split('class="timeline-axis"')[1].split("</p>")[0]
    assert "<span>2 Nov 2026</span>" in axis and "<span>21 Feb 2027</span>" in axis


def test_a_night_set_to_rest_after_it_had_passed_is_named_with_the_day_it_was_recorded(
    client, owner
):
    """Rest nights are not counted as due, so setting a missed or unrecorded night to rest
    afterwards raises the share done: the clinician is told which, and when."""
    plan = make_plan(owner)  # Mon+Thu from 2 March, London
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        mark(plan, 4, "rest")  # Thu 12 March, set ahead
    with time_machine.travel(dt.datetime(2026, 3, 6, 9, tzinfo=dt.UTC), tick=False):
        mark(plan, 2, "missed")  # Thu 5 March
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False):
        mark(plan, 2, "rest")  # the missed night, two weeks on
        services.rest_period_add(  # Mon 9 March, after it
            plan=plan, first_day=dt.date(2026, 3, 9), last_day=dt.date(2026, 3, 9)
        )
        client.force_login(owner)
        body = " ".join(client.get(url(plan)).content.decode().split())
    assert adherence_row(body, "Rest").endswith("<td>3</td> <td>5 Mar, 9 Mar, 12 Mar</td>")
    assert (
        "Set to rest after the night had passed: 5 Mar (recorded 20 Mar), 9 Mar (recorded "
        "20 Mar). Rest nights do not count as due, so these raise the share done." in body
    )


@pinned
def test_no_sentence_on_rests_recorded_afterwards_when_there_are_none(client, owner):
    plan = make_plan(owner)
    mark(plan, 1, "done")
    client.force_login(owner)
    assert "after the night had passed" not in client.get(url(plan)).content.decode()


@pinned
def test_it_says_when_a_newer_version_of_the_rule_was_approved(client, owner):
    """The plan keeps the version it was made with; the clinician reads that a newer one
    exists, as the plan page says."""
    plan = make_plan(owner)
    rule = approved_rule()
    rule.timing_note = "An hour before bed."
    draft = versions.submit_for_review(versions.save_as_new_version(rule, user=make_editor()))
    versions.approve(draft, user=make_reviewer(), today=dt.date(2026, 3, 15))
    client.force_login(owner)
    body = " ".join(client.get(url(plan)).content.decode().split())
    assert (
        "<dt>Rule version</dt><dd>1 (version 2 was approved on 15 Mar 2026; this plan keeps "
        "version 1)</dd>" in body
    )


@pinned
def test_one_night_set_to_rest_afterwards_is_said_in_the_singular(client, owner):
    plan = make_plan(owner)
    mark(plan, 2, "rest")  # Thu 5 March, on 20 March
    client.force_login(owner)
    body = " ".join(client.get(url(plan)).content.decode().split())
    assert "5 Mar (recorded 20 Mar). Rest nights do not count as due, so this raises" in body
