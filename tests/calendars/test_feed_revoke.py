"""POST /plans/<id>/feed/revoke/: turn a plan's feed off."""

import pytest
from django.test import Client

from factories import make_plan
from planner.calendars import feeds

pytestmark = pytest.mark.usefixtures("catalogue")


def url(plan):
    return f"/plans/{plan.public_id}/feed/revoke/"


def test_the_owner_turns_the_feed_off(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    client.force_login(owner)
    response = client.post(url(plan))
    assert response["Location"] == f"/plans/{plan.public_id}/#feed"
    assert feeds.feed_of(user=owner, plan=plan) is None
    assert client.get(f"/feeds/{token.token}.ics").status_code == 404


def test_revoking_without_a_link_changes_nothing(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.post(url(plan)).status_code == 302


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    client.force_login(outsider)
    assert client.post(url(plan)).status_code == 404
    assert client.get(f"/feeds/{token.token}.ics").status_code == 200


def test_anonymous_is_sent_to_log_in(client, owner):
    plan = make_plan(owner)
    feeds.feed_rotate(user=owner, plan=plan)
    response = client.post(url(plan))
    assert "/accounts/login/" in response["Location"]
    assert feeds.feed_of(user=owner, plan=plan) is not None


def test_get_is_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.get(url(plan)).status_code == 405


def test_it_needs_the_csrf_token(owner):
    plan = make_plan(owner)
    feeds.feed_rotate(user=owner, plan=plan)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(url(plan)).status_code == 403
    assert feeds.feed_of(user=owner, plan=plan) is not None
