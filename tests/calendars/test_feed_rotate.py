"""POST /plans/<id>/feed/rotate/: make a plan's feed link, or replace it."""

import pytest
from django.test import Client

from factories import make_plan
from planner.calendars import feeds
from planner.calendars.models import FeedToken

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan):
    return f"/plans/{plan.public_id}/feed/rotate/"


def test_the_owner_creates_the_first_link(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(url(plan))
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.public_id}/#feed"
    assert feeds.feed_of(user=owner, plan=plan) is not None


def test_rotating_stops_the_old_link_and_starts_a_new_one(client, owner):
    plan = make_plan(owner)
    old = feeds.feed_rotate(user=owner, plan=plan)
    client.force_login(owner)
    client.post(url(plan))
    new = feeds.feed_of(user=owner, plan=plan)
    assert new.token != old.token
    assert client.get(f"/feeds/{old.token}.ics").status_code == 404
    assert client.get(f"/feeds/{new.token}.ics").status_code == 200
    assert FeedToken.objects.live().filter(plan=plan).count() == 1


def test_it_leaves_the_all_plans_feed_alone(client, owner):
    plan = make_plan(owner)
    everything = feeds.feed_rotate(user=owner)
    client.force_login(owner)
    client.post(url(plan))
    assert feeds.feed_of(user=owner) == everything


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    client.force_login(outsider)
    assert client.post(url(plan)).status_code == 404
    assert feeds.feed_of(user=owner, plan=plan) == token


def test_anonymous_is_sent_to_log_in(client, owner):
    response = client.post(url(make_plan(owner)))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_get_is_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan)).status_code == 405


def test_it_needs_the_csrf_token(owner):
    plan = make_plan(owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(url(plan)).status_code == 403
    assert feeds.feed_of(user=owner, plan=plan) is None
