"""Deleting a plan: a confirmation, then the plan and everything that hangs off it are gone."""

import datetime as dt

import pytest
import time_machine

from factories import make_plan
from planner.calendars import feeds
from planner.calendars.models import FeedToken
from planner.plans import changes, services
from planner.plans.models import Plan, PlanEvent, RestPeriod, Session
from planner.symptoms.models import SymptomEntry

pytestmark = pytest.mark.usefixtures("catalogue")
NOW = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)


def url(plan):
    return f"/plans/{plan.public_id}/delete/"


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def full_plan(owner) -> Plan:
    """A plan with a recorded night, a rest, a log entry and a live feed."""
    plan = make_plan(owner)
    services.session_mark(session=plan.sessions.get(number=1), status="done")
    services.rest_period_add(plan=plan, first_day=dt.date(2026, 4, 6), last_day=dt.date(2026, 4, 9))
    SymptomEntry.objects.create(plan=plan, date=dt.date(2026, 3, 3), erythema=1)
    feeds.feed_rotate(user=owner, plan=plan)
    return plan


def left_of(plan) -> dict:
    held = (Session, RestPeriod, PlanEvent, SymptomEntry, FeedToken)
    return {model.__name__: model.objects.filter(plan_id=plan.pk).count() for model in held}


def test_the_page_says_what_will_go(client, owner):
    plan = full_plan(owner)
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "its 32 applications" in html
    assert "its 1 side-effect log entry" in html
    assert "stop getting it" in html
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_a_confirmed_delete_removes_the_plan_and_all_it_holds(client, owner):
    plan = full_plan(owner)
    other = make_plan(owner, label="right hand")
    client.force_login(owner)
    response = client.post(url(plan), {"confirm": "on"}, follow=True)
    assert response.redirect_chain == [("/plans/", 302)]
    assert "Plan deleted" in response.content.decode()
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert set(left_of(plan).values()) == {0}
    assert Plan.objects.filter(pk=other.pk).exists() and other.sessions.count() == 32
    assert client.get(f"/plans/{plan.public_id}/").status_code == 404


def test_the_feed_of_a_deleted_plan_is_gone(client, owner):
    plan = full_plan(owner)
    token = feeds.feed_of(user=owner, plan=plan).token
    assert client.get(f"/feeds/{token}.ics").status_code == 200
    changes.plan_delete(plan=plan)
    assert client.get(f"/feeds/{token}.ics").status_code == 404


def test_without_the_box_ticked_nothing_is_deleted(client, owner):
    plan = full_plan(owner)
    before = left_of(plan)
    client.force_login(owner)
    response = client.post(url(plan), {})
    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert left_of(plan) == before


def test_a_plan_stopped_before_its_first_night_is_not_said_to_hold_0_applications(client, owner):
    plan = make_plan(owner, start_date=dt.date(2026, 5, 4))
    services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 4, 1))
    client.force_login(owner)
    html = " ".join(client.get(url(plan)).content.decode().split())
    assert "0 applications" not in html
    assert "This deletes the plan at once and for good: its rest periods and history" in html


def test_a_plan_with_no_log_entries_is_not_said_to_hold_0_of_them(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    html = " ".join(client.get(url(plan)).content.decode().split())
    assert "0 side-effect" not in html
    assert "its rest periods and history and its calendar feed" in html


def test_an_ended_plan_can_be_deleted(client, owner):
    plan = full_plan(owner)
    services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 4, 1))
    client.force_login(owner)
    assert client.post(url(plan), {"confirm": "on"}).status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists()


def test_another_user_gets_404_and_nothing_is_deleted(client, owner, outsider):
    plan = full_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404
    assert client.post(url(plan), {"confirm": "on"}).status_code == 404
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_anonymous_is_sent_to_log_in(client, owner):
    plan = full_plan(owner)
    for response in (client.get(url(plan)), client.post(url(plan), {"confirm": "on"})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_deleting_twice_is_harmless(owner):
    plan = full_plan(owner)
    assert changes.plan_delete(plan=plan)["planner.Session"] == 32
    assert changes.plan_delete(plan=plan) == {}


def test_a_change_to_a_night_of_a_plan_deleted_meanwhile_is_refused(owner):
    plan = make_plan(owner)
    night = plan.sessions.get(number=1)
    changes.plan_delete(plan=plan)
    with pytest.raises(services.Refused, match="deleted"):
        services.session_mark(session=night, status="missed")
