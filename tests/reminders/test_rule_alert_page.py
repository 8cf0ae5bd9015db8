"""Asking for alerts when a plan's rules change (`/reminders/plans/<id>/rule-alerts/`, shown on
the plan's reminder page): the owner turns them on and off, another user gets 404, anonymous
people are sent to log in, and an ended plan refuses with a message."""

import datetime as dt

import pytest

from factories import make_plan, make_user
from planner.plans import services as plan_services
from planner.reminders.models import RuleWatch

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def plan(owner):
    return make_plan(owner)


def url(plan) -> str:
    return f"/reminders/plans/{plan.public_id}/rule-alerts/"


def test_the_plans_reminder_page_offers_the_alerts(client, owner, plan):
    client.force_login(owner)
    page = client.get(f"/reminders/plans/{plan.public_id}/").content.decode()
    assert 'id="rule-alerts"' in page and f'action="{url(plan)}"' in page
    assert "By email" in page and "By notification (Web Push)" in page


def test_the_owner_asks_for_alerts_by_email_and_push(client, owner, plan):
    client.force_login(owner)
    response = client.post(url(plan), {"alerts-email": "on", "alerts-push": "on"}, follow=True)
    assert response.redirect_chain == [(f"/reminders/plans/{plan.public_id}/#rule-alerts", 302)]
    assert "no-store" in client.post(url(plan), {"alerts-email": "on"})["Cache-Control"]
    assert b"You will be told by email and notification when a newer version" in response.content
    watch = RuleWatch.objects.get(plan=plan)
    assert (watch.email, watch.push) == (True, False)  # the second post took push off
    page = client.get(f"/reminders/plans/{plan.public_id}/").content.decode()
    assert 'name="alerts-email" id="id_alerts-email" checked' in page


def test_ticking_neither_turns_the_alerts_off(client, owner, plan):
    RuleWatch.objects.create(plan=plan, email=True)
    client.force_login(owner)
    response = client.post(url(plan), {}, follow=True)
    assert b"No alerts when the rules change" in response.content
    assert not RuleWatch.objects.exists()


def test_another_users_plan_is_404_and_stays_as_it_was(client, plan):
    RuleWatch.objects.create(plan=plan, email=True)
    client.force_login(make_user("other"))
    assert client.post(url(plan), {}).status_code == 404
    assert RuleWatch.objects.get(plan=plan).email


def test_anonymous_people_are_sent_to_log_in(client, plan):
    response = client.post(url(plan), {"alerts-email": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not RuleWatch.objects.exists()


def test_only_a_post_asks(client, owner, plan):
    client.force_login(owner)
    assert client.get(url(plan)).status_code == 405


def test_an_ended_plan_refuses_saying_why(client, owner, plan):
    plan_services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 3, 10))
    client.force_login(owner)
    response = client.post(url(plan), {"alerts-email": "on"}, follow=True)
    assert b"This plan has ended: no alerts are sent for it." in response.content
    assert not RuleWatch.objects.exists()
