"""POST /feeds/all/revoke/: turn the all-plans feed off."""

import pytest
from django.test import Client

from factories import make_plan
from planner.calendars import feeds

pytestmark = pytest.mark.usefixtures("catalogue")
URL = "/feeds/all/revoke/"


def test_the_person_turns_the_feed_off(client, owner):
    make_plan(owner)
    token = feeds.feed_rotate(user=owner)
    client.force_login(owner)
    assert client.post(URL)["Location"] == "/plans/#feed"
    assert feeds.feed_of(user=owner) is None
    assert client.get(f"/feeds/{token.token}.ics").status_code == 404


def test_it_leaves_plan_feeds_and_other_people_alone(client, owner, outsider):
    plan = make_plan(owner)
    plan_feed = feeds.feed_rotate(user=owner, plan=plan)
    theirs = feeds.feed_rotate(user=outsider)
    feeds.feed_rotate(user=owner)
    client.force_login(owner)
    client.post(URL)
    assert feeds.feed_of(user=owner, plan=plan) == plan_feed
    assert feeds.feed_of(user=outsider) == theirs


def test_anonymous_is_sent_to_log_in(client, owner):
    feeds.feed_rotate(user=owner)
    assert "/accounts/login/" in client.post(URL)["Location"]
    assert feeds.feed_of(user=owner) is not None


def test_get_is_not_allowed(client, owner):
    client.force_login(owner)
    assert client.get(URL).status_code == 405


def test_it_needs_the_csrf_token(owner):
    feeds.feed_rotate(user=owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(URL).status_code == 403
    assert feeds.feed_of(user=owner) is not None
