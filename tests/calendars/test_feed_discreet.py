"""POST /plans/<id>/discreet/: switch the calendar titles to "Skin treatment" and back."""

import pytest
from django.test import Client

from factories import make_plan
from planner.calendars import feeds
from planner.plans.models import PlanEvent

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan):
    return f"/plans/{plan.public_id}/discreet/"


def test_the_owner_turns_discreet_titles_on_and_off(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan), {"discreet_titles": "1"})
    assert response["Location"] == f"/plans/{plan.public_id}/#feed"
    plan.refresh_from_db()
    assert plan.discreet_titles
    client.post(url(plan), {"discreet_titles": "0"})
    plan.refresh_from_db()
    assert not plan.discreet_titles
    actions = PlanEvent.objects.filter(plan=plan).values_list("action", flat=True)
    assert list(actions)[-2:] == ["discreet titles on", "discreet titles off"]


def test_sending_the_same_choice_again_changes_nothing_and_records_nothing(client, owner):
    """The button sent twice (a double tap, a page resubmitted from the back button): the
    history says "on" once."""
    plan = make_plan(owner)
    client.force_login(owner)
    for _ in range(2):
        client.post(url(plan), {"discreet_titles": "1"})
    actions = PlanEvent.objects.filter(plan=plan, action__startswith="discreet")
    assert list(actions.values_list("action", flat=True)) == ["discreet titles on"]
    plan.refresh_from_db()
    assert plan.discreet_titles


def test_the_feed_then_names_no_drug(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    client.force_login(owner)
    assert b"Aldara" in client.get(f"/feeds/{token.token}.ics").content
    client.post(url(plan), {"discreet_titles": "1"})
    body = client.get(f"/feeds/{token.token}.ics").content.replace(b"\r\n ", b"").lower()
    assert b"aldara" not in body and b"imiquimod" not in body and b"keratosis" not in body


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.post(url(plan), {"discreet_titles": "1"}).status_code == 404
    plan.refresh_from_db()
    assert not plan.discreet_titles


def test_anonymous_is_sent_to_log_in(client, owner):
    response = client.post(url(make_plan(owner)), {"discreet_titles": "1"})
    assert "/accounts/login/" in response["Location"]


def test_get_is_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan)).status_code == 405


def test_it_needs_the_csrf_token(owner):
    plan = make_plan(owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(url(plan), {"discreet_titles": "1"}).status_code == 403
