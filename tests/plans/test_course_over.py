"""A course whose last day has passed (the plan was never ended by hand): its page says the
course is over instead of offering a rest period or an early end for nights that are all
past, and My plans lists it as over, not as "Active" under "Finished"."""

import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")
# make_plan's AK course: Monday 2 March to Sunday 21 June 2026.
AFTER = dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC)
DURING = dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC)


def page(client, owner, url: str) -> str:
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())  # as read, whatever the line breaks


@time_machine.travel(AFTER, tick=False)
def test_the_plan_page_says_the_course_is_over_and_offers_no_rest_or_early_end(client, owner):
    plan = make_plan(owner)
    body = page(client, owner, f"/plans/{plan.public_id}/")
    assert "The course ended on Sun 21 Jun 2026: no applications are left." in body
    assert "Take a rest period" not in body and 'name="first_day"' not in body
    assert "End this plan early" not in body
    assert "Delete this plan" in body
    assert "Nights not recorded can still be recorded below." in body  # the list still can


def test_a_stopped_plan_does_not_promise_what_it_no_longer_offers(client, owner):
    """Its list has no buttons: nothing says its unrecorded nights can still be recorded."""
    from planner.plans import services

    plan = make_plan(owner)
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False):
        services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 3, 20))
        body = page(client, owner, f"/plans/{plan.public_id}/")
        month = page(client, owner, f"/plans/{plan.public_id}/calendar/2026-03/")
    assert "not recorded" in body  # the summary still counts them
    assert "can still be recorded" not in body and "can still be recorded" not in month


@time_machine.travel(DURING, tick=False)
def test_on_its_last_days_a_course_still_offers_both(client, owner):
    plan = make_plan(owner)
    body = page(client, owner, f"/plans/{plan.public_id}/")
    assert "Take a rest period" in body and "End this plan early" in body
    assert "The course ended" not in body


@time_machine.travel(AFTER, tick=False)
def test_my_plans_lists_it_as_over_and_a_running_one_as_active(client, owner):
    make_plan(owner)
    make_plan(owner, start_date=dt.date(2026, 6, 29), label="right cheek")
    active, finished = page(client, owner, "/plans/").split("<h2>Finished</h2>", 1)
    [running] = re.findall(r"<tr> <td><a .*?</tr>", active)
    [over] = re.findall(r"<tr> <td><a .*?</tr>", finished)
    assert "right cheek" in running and "<td>Active</td>" in running
    assert "left cheek" in over and "<td>Course over</td>" in over


@time_machine.travel(dt.datetime(2026, 4, 20, 12, tzinfo=dt.UTC), tick=False)
def test_a_course_awaiting_its_assessment_does_not_say_nothing_is_left(client, owner):
    """The EU AK course (2 to 29 March) is over, but a second may follow its assessment."""
    plan = make_plan(owner, "aldara-ak-eu")
    body = page(client, owner, f"/plans/{plan.public_id}/")
    assert "The course ended on Sun 29 Mar 2026: its assessment" in body
    assert "no applications are left" not in body


@time_machine.travel(AFTER, tick=False)
def test_a_rest_period_sent_from_an_old_page_is_refused_when_the_course_is_over(client, owner):
    """The page no longer offers one, and the server agrees: nothing is marked."""
    plan = make_plan(owner)
    client.force_login(owner)
    days = {"first_day": "2026-06-15", "last_day": "2026-06-20"}
    response = client.post(f"/plans/{plan.public_id}/rest/", days, follow=True)
    body = " ".join(response.content.decode().split())
    assert "This course ended on Sun 21 Jun 2026: there is nothing left to change." in body
    assert not plan.rest_periods.exists()
    assert not plan.sessions.filter(status="rest").exists()


@time_machine.travel(AFTER, tick=False)
def test_an_early_end_sent_from_an_old_page_is_refused_when_the_course_is_over(client, owner):
    """Ending it now would list a course that ran its length as "Stopped"."""
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(
        f"/plans/{plan.public_id}/end/", {"status": "stopped", "confirm": "1"}, follow=True
    )
    body = " ".join(response.content.decode().split())
    assert "This course ended on Sun 21 Jun 2026: there is nothing left to change." in body
    plan.refresh_from_db()
    assert plan.status == "active"
