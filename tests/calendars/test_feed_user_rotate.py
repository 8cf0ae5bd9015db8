"""POST /feeds/all/rotate/: make or replace the link of the all-plans feed."""

import pytest
from django.test import Client

from factories import make_plan
from planner.calendars import feeds

pytestmark = pytest.mark.usefixtures("catalogue")
URL = "/feeds/all/rotate/"


def test_the_person_creates_and_then_replaces_the_link(client, owner):
    make_plan(owner)
    client.force_login(owner)
    response = client.post(URL)
    assert response["Location"] == "/plans/#feed"
    first = feeds.feed_of(user=owner)
    client.post(URL)
    second = feeds.feed_of(user=owner)
    assert first.token != second.token
    assert client.get(f"/feeds/{first.token}.ics").status_code == 404
    assert client.get(f"/feeds/{second.token}.ics").status_code == 200


def test_it_leaves_plan_feeds_and_other_people_alone(client, owner, outsider):
    plan = make_plan(owner)
    plan_feed = feeds.feed_rotate(user=owner, plan=plan)
    theirs = feeds.feed_rotate(user=outsider)
    client.force_login(owner)
    client.post(URL)
    assert feeds.feed_of(user=owner, plan=plan) == plan_feed
    assert feeds.feed_of(user=outsider) == theirs


def test_anonymous_is_sent_to_log_in(client):
    assert "/accounts/login/" in client.post(URL)["Location"]


def test_get_is_not_allowed(client, owner):
    client.force_login(owner)
    assert client.get(URL).status_code == 405


def test_it_needs_the_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(URL).status_code == 403
