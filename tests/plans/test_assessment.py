"""POST /plans/<id>/assessment/: the result of the assessment after a first course (the EU/UK
Aldara AK regimen: 4 weeks, 4 weeks off, assessment, perhaps 4 more). "Cleared" ends the plan;
"not cleared" adds the second course, whose end is fixed then."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import make_plan
from planner.plans import services
from planner.plans.assessment import assessment_record
from planner.plans.changes import preview_change
from planner.plans.models import Plan, PlanEvent, Session

pytestmark = pytest.mark.usefixtures("catalogue")
START = dt.date(2026, 3, 2)  # a Monday; the first course ends Sun 29 Mar
DUE = dt.date(2026, 4, 27)  # after 4 weeks without treatment
BEFORE = dt.datetime(2026, 4, 20, 12, tzinfo=dt.UTC)
ON_THE_DAY = dt.datetime(2026, 4, 27, 12, tzinfo=dt.UTC)
CONFIRMED = {"confirm": "1"}


def eu_plan(owner) -> Plan:
    return make_plan(owner, "aldara-ak-eu", start_date=START, weekdays=("mon", "wed", "fri"))


def url(plan) -> str:
    return f"/plans/{plan.public_id}/assessment/"


def record(client, plan, result, **extra):
    return client.post(url(plan), {"result": result, **CONFIRMED, **extra})


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_first_course_is_twelve_nights_and_the_plan_knows_its_assessment_date(owner):
    plan = eu_plan(owner)
    assert (plan.sessions.count(), plan.end_date, plan.assessment_on) == (
        12,
        START.replace(day=29),
        DUE,
    )
    assert make_plan(owner).assessment_on is None  # the US label has none


@time_machine.travel(BEFORE, tick=False)
def test_the_plan_page_shows_the_date_and_no_buttons_before_it(client, owner):
    plan = eu_plan(owner)
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "Assessment: Mon 27 Apr 2026" in body
    assert "From that day, record the result here" in body
    assert url(plan) not in body


@time_machine.travel(ON_THE_DAY, tick=False)
def test_from_the_date_the_page_offers_both_results_with_a_confirmation(client, owner):
    plan = eu_plan(owner)
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert f'action="{url(plan)}"' in body
    assert 'name="result" value="cleared"' in body and 'name="result" value="not-cleared"' in body
    assert 'name="confirm" value="1" required' in body
    assert "Assessment:" not in client.get(f"/plans/{make_plan(owner).public_id}/").content.decode()


@time_machine.travel(ON_THE_DAY, tick=False)
def test_not_cleared_adds_the_second_course_numbered_on_with_its_end_fixed(client, owner):
    plan = eu_plan(owner)
    client.force_login(owner)
    response = record(client, plan, "not-cleared")
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.public_id}/"
    plan.refresh_from_db()
    second = plan.sessions.filter(number__gt=12).order_by("number")
    assert [s.number for s in second] == list(range(13, 25))
    assert (second[0].date, second.last().date) == (DUE, dt.date(2026, 5, 22))
    assert {s.status for s in second} == {"planned"}
    assert (plan.assessment_result, plan.assessed_on) == ("not-cleared", DUE)
    assert (plan.status, plan.end_date) == ("active", dt.date(2026, 5, 24))
    assert said(response) == [
        "Recorded as not cleared: the second course runs from Mon 27 Apr to Sun 24 May 2026: "
        "12 applications."
    ]
    [event] = PlanEvent.objects.filter(plan=plan, action="assessed")
    assert event.detail == (
        "not cleared on Mon 27 Apr 2026: second course of 12 applications, "
        "Mon 27 Apr to Sun 24 May 2026"
    )


def test_recorded_after_that_nights_time_the_second_course_starts_the_next_day(client, owner):
    """Back from the clinic late: a course from that day would begin with a night already
    over, recorded as not done at once."""
    plan = eu_plan(owner)
    night = dt.datetime.combine(DUE, plan.application_time, tzinfo=plan.zone)
    client.force_login(owner)
    with time_machine.travel(night + dt.timedelta(minutes=1), tick=False):
        response = record(client, plan, "not-cleared")
    plan.refresh_from_db()
    second = plan.sessions.filter(number__gt=12).order_by("number")
    assert second[0].date == DUE + dt.timedelta(days=2)  # Wed: the course runs from Tue 28 Apr
    assert plan.assessed_on == DUE
    assert said(response) == [
        "Recorded as not cleared: the second course runs from Tue 28 Apr to Mon 25 May 2026: "
        "12 applications, the first on Wed 29 Apr."
    ]
    [event] = PlanEvent.objects.filter(plan=plan, action="assessed")
    assert event.detail.endswith("Tue 28 Apr to Mon 25 May 2026")


@time_machine.travel(ON_THE_DAY, tick=False)
def test_the_page_then_lists_the_second_course_and_the_result(client, owner):
    plan = eu_plan(owner)
    client.force_login(owner)
    record(client, plan, "not-cleared")
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "All 24 applications" in body
    assert "<strong>not cleared</strong>. The second course runs from" in body
    assert "to <strong>Sun 24 May 2026</strong>; that end date never moves." in body
    assert "Calendar: 3 months" in body  # March to May
    assert url(plan) not in body  # recorded: no more buttons


@time_machine.travel(ON_THE_DAY, tick=False)
@pytest.mark.parametrize(
    ("page", "before", "after"),
    [
        ("", 'id="session-12"', 'id="session-13"'),  # a row of its own before night 13's
        ("print/", '<span class="n">13</span>', '<span class="n">14</span>'),  # on night 13
    ],
)
def test_the_list_of_nights_and_the_tick_sheet_mark_where_the_second_course_begins(
    client, owner, page, before, after
):
    """Five weeks separate night 12 (Fri 27 Mar) from night 13 (Mon 27 Apr): the list says
    the second course begins there, once, and a plan without one says nothing of it."""
    plan = eu_plan(owner)
    client.force_login(owner)
    path = f"/plans/{plan.public_id}/{page}"
    assert "Second course" not in client.get(path).content.decode()
    record(client, plan, "not-cleared")
    body = " ".join(client.get(path).content.decode().split())
    assert body.count("Second course") == 1
    begins = body.index(">Second course<")
    assert body.index(before) < begins < body.index(after)


@time_machine.travel(ON_THE_DAY, tick=False)
def test_cleared_ends_the_plan_and_adds_nothing(client, owner):
    plan = eu_plan(owner)
    client.force_login(owner)
    response = record(client, plan, "cleared")
    plan.refresh_from_db()
    assert (plan.status, plan.assessment_result, plan.assessed_on) == ("cleared", "cleared", DUE)
    assert plan.ended_at is not None and plan.sessions.count() == 12
    assert plan.end_date == dt.date(2026, 3, 29)
    assert said(response) == ["Recorded as cleared: the plan has ended."]
    assert list(
        plan.events.filter(action__in=["assessed", "cleared"]).values_list("action", flat=True)
    ) == [
        "assessed",
        "cleared",
    ]
    body = client.get(f"/plans/{plan.public_id}/").content.decode()
    assert "<strong>cleared</strong>. The treatment is over." in body
    assert "It ended on" not in body  # after its course: no night was cancelled
    pages = [f"/plans/{plan.public_id}/{page}" for page in ("", "print/", "report/")] + ["/plans/"]
    for page in pages:
        body = client.get(page).content.decode()
        assert "Cleared at the assessment on 27 Apr 2026" in body, page
        assert "Ended early" not in body, page


@time_machine.travel(ON_THE_DAY, tick=False)
def test_a_result_is_recorded_once(client, owner):
    plan = eu_plan(owner)
    client.force_login(owner)
    record(client, plan, "not-cleared")
    response = record(client, plan, "not-cleared")
    assert said(response)[-1] == "The assessment's result is recorded already."
    assert plan.sessions.count() == 24
    response = record(client, plan, "cleared")
    plan.refresh_from_db()
    assert (plan.status, plan.end_date) == ("active", dt.date(2026, 5, 24))


@time_machine.travel(BEFORE, tick=False)
def test_it_is_refused_before_the_assessment_date(client, owner):
    plan = eu_plan(owner)
    client.force_login(owner)
    response = record(client, plan, "not-cleared")
    assert said(response) == [
        "The assessment is on Mon 27 Apr 2026: record its result on that day or later."
    ]
    plan.refresh_from_db()
    assert (plan.assessment_result, plan.sessions.count()) == ("", 12)


@time_machine.travel(ON_THE_DAY, tick=False)
@pytest.mark.parametrize(
    "data",
    [{"result": "cleared"}, {"result": "maybe", "confirm": "1"}, {"confirm": "1"}, {}],
    ids=["no confirmation", "junk result", "no result", "nothing"],
)
def test_without_a_result_and_a_confirmation_nothing_changes(client, owner, data):
    plan = eu_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan), data)
    assert response.status_code == 302
    assert said(response) == ["Choose cleared or not cleared, and tick the box to confirm."]
    plan.refresh_from_db()
    assert (plan.status, plan.assessment_result, plan.sessions.count()) == ("active", "", 12)


@time_machine.travel(ON_THE_DAY, tick=False)
def test_a_plan_without_an_assessment_or_already_ended_is_refused(client, owner):
    us = make_plan(owner, start_date=START)
    client.force_login(owner)
    assert said(record(client, us, "not-cleared")) == ["This plan's regimen has no assessment."]
    assert us.sessions.count() == 32
    ended = eu_plan(owner)
    services.plan_end(plan=ended, status="stopped", today=DUE)
    response = record(client, ended, "not-cleared")
    assert said(response)[-1] == "This plan has ended; its applications can no longer change."
    assert ended.sessions.count() == 12


def test_the_service_refuses_an_unknown_result(owner):
    with pytest.raises(ValueError, match="maybe"):
        assessment_record(plan=eu_plan(owner), outcome="maybe", today=DUE)


def test_another_user_gets_404_and_nothing_changes(client, owner, outsider):
    plan = eu_plan(owner)
    client.force_login(outsider)
    assert record(client, plan, "not-cleared").status_code == 404
    assert plan.sessions.count() == 12


def test_anonymous_is_sent_to_log_in(client, owner):
    response = record(client, eu_plan(owner), "cleared")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_get_is_not_allowed(client, owner):
    client.force_login(owner)
    assert client.get(url(eu_plan(owner))).status_code == 405


@time_machine.travel(ON_THE_DAY, tick=False)
def test_a_change_in_the_second_course_moves_its_nights_and_never_its_end(owner):
    plan = eu_plan(owner)
    assessment_record(plan=plan, outcome="not-cleared", today=DUE)
    plan.refresh_from_db()
    change = preview_change(
        plan=plan,
        from_date=dt.date(2026, 5, 4),
        application_time=dt.time(20, 0),
        timezone="Europe/London",
        weekdays=("tue", "thu", "sat"),
        now=ON_THE_DAY,
    )
    after = [o for o in change.outcomes if o.date >= dt.date(2026, 5, 4)]
    # The second course's Mon/Wed/Fri nights move to Tue/Thu/Sat inside its window; before the
    # window was the second course's, they were all cancelled (outside the first course).
    assert {o.kind for o in after} == {"moved"} and len(after) == 9
    assert {o.date.strftime("%a") for o in after} == {"Tue", "Thu", "Sat"}
    assert max(o.date for o in after) == dt.date(2026, 5, 23) <= plan.end_date


def recorded_late(client, owner) -> Plan:
    """'Not cleared' recorded a minute after that night's time: the second course runs from
    the next day, Tue 28 Apr to Mon 25 May (its first night Wed 29 Apr)."""
    plan = eu_plan(owner)
    night = dt.datetime.combine(DUE, plan.application_time, tzinfo=plan.zone)
    client.force_login(owner)
    with time_machine.travel(night + dt.timedelta(minutes=1), tick=False):
        record(client, plan, "not-cleared")
    plan.refresh_from_db()
    assert plan.end_date == dt.date(2026, 5, 25)
    return plan


@pytest.mark.parametrize("from_date", [DUE, dt.date(2026, 4, 29)])
def test_a_change_after_a_late_record_keeps_the_second_course_s_own_days(client, owner, from_date):
    """The change reschedules within Tue 28 Apr to Mon 25 May, not from the record day: a
    new time neither drops the last night (Mon 25 May) nor adds one on Mon 27 Apr."""
    plan = recorded_late(client, owner)
    change = preview_change(
        plan=plan,
        from_date=from_date,
        application_time=dt.time(23, 30),
        timezone="Europe/London",
        weekdays=("mon", "wed", "fri"),
        now=dt.datetime.combine(DUE, plan.application_time, plan.zone) + dt.timedelta(minutes=2),
    )
    second = [o for o in change.outcomes if o.number > 12]
    assert {o.kind for o in second} == {"moved"} and len(second) == 12
    assert [o.date for o in second] == list(
        plan.sessions.filter(number__gt=12).values_list("date", flat=True)
    )


@time_machine.travel(dt.datetime(2026, 4, 28, 12, tzinfo=dt.UTC), tick=False)
def test_the_page_and_the_sheet_say_when_a_late_recorded_second_course_runs(client, owner):
    plan = recorded_late(client, owner)
    for path in ("", "print/"):
        response = client.get(f"/plans/{plan.public_id}/{path}")
        assert response.status_code == 200, response
        body = " ".join(response.content.decode().split())
        assert "second course runs from Tue 28 Apr 2026 to" in body


@time_machine.travel(ON_THE_DAY, tick=False)
def test_the_plan_page_costs_no_more_queries_with_an_assessment(client, owner):
    def count(plan) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/plans/{plan.public_id}/").status_code == 200
        return len(captured)

    client.force_login(owner)
    us, eu = make_plan(owner, "aldara-sbcc", start_date=START), eu_plan(owner)
    assert count(eu) == count(us)
    assessment_record(plan=eu, outcome="not-cleared", today=DUE)
    assert count(eu) == count(us)


def test_new_nights_are_planned_sessions_of_the_plan(owner):
    plan = eu_plan(owner)
    added = assessment_record(plan=plan, outcome="not-cleared", today=dt.date(2026, 5, 1))
    assert added == 12
    nights = Session.objects.filter(plan=plan, date__gte=dt.date(2026, 5, 1))
    assert nights.count() == 12 and nights.first().date == dt.date(2026, 5, 1)  # a Friday


@time_machine.travel(BEFORE, tick=False)
def test_between_the_courses_the_plan_stays_on_today_and_the_list_pointing_to_the_assessment(
    client, owner
):
    plan = eu_plan(owner)
    client.force_login(owner)
    today = client.get("/today/").content.decode()
    assert "This course is over. Its assessment is on <strong>Mon 27 Apr</strong>" in today
    assert f'href="/plans/{plan.public_id}/#assessment"' in today
    assert client.get("/plans/").context["active"] == [plan]


@time_machine.travel(ON_THE_DAY, tick=False)
def test_once_cleared_the_plan_is_finished(client, owner):
    plan = eu_plan(owner)
    client.force_login(owner)
    record(client, plan, "cleared")
    assert "This course is over" not in client.get("/today/").content.decode()
    assert client.get("/plans/").context["finished"] == [plan]
