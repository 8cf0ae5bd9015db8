"""GET /plans/<id>/calendar.ics: the owner's one-off download."""

import datetime as dt

import pytest
import time_machine

from factories import make_plan
from icsparsers import all_parsers
from planner.calendars.ics import event_uid
from planner.plans import services
from queries import session_queries

pytestmark = pytest.mark.usefixtures("catalogue")
MADE = dt.datetime(2026, 2, 20, 9, 30, tzinfo=dt.UTC)


def url(plan):
    return f"/plans/{plan.public_id}/calendar.ics"


@time_machine.travel(MADE, tick=False)
def test_the_owner_gets_an_attachment_with_validators(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="aldara-ak-2026-03-02.ics"'
    assert response["ETag"].startswith('"')
    assert "Last-Modified" not in response  # rows changed by update() keep their dates
    assert "private" in response["Cache-Control"]
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")


def test_another_user_gets_404(client, owner, outsider):
    plan = make_plan(owner)
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, owner):
    response = client.get(url(make_plan(owner)))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_post_is_not_allowed(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    assert client.post(url(plan)).status_code == 405


@pytest.mark.parametrize("parse", all_parsers(), ids=lambda p: p.__name__)
def test_every_instant_reads_the_same_in_each_parser(client, owner, parse):
    plan = make_plan(owner, timezone="America/New_York")  # crosses 8 March 2026
    client.force_login(owner)
    read = parse(client.get(url(plan)).content)
    for s in plan.sessions.all():
        assert read[event_uid(plan, "apply", s.number)] == (s.apply_at, s.wash_off_at)
        assert read[event_uid(plan, "wash-off", s.number)][0] == s.wash_off_at


@pytest.mark.parametrize("status", ["rest", "missed"])  # missed: "Skip tonight" too
def test_nights_that_will_not_happen_are_left_out(client, owner, status):
    plan = make_plan(owner)
    with time_machine.travel(plan.sessions.get(number=2).apply_at, tick=False):
        services.session_mark(session=plan.sessions.get(number=2), status=status)
    client.force_login(owner)
    body = client.get(url(plan)).content.decode().replace("\r\n ", "")
    assert event_uid(plan, "apply", 2) not in body
    assert event_uid(plan, "apply", 1) in body and event_uid(plan, "apply", 3) in body
    assert "STATUS:CANCELLED" not in body


def test_a_matching_if_none_match_gets_304(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    etag = client.get(url(plan))["ETag"]
    response = client.get(url(plan), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_a_session_change_changes_the_etag(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    etag = client.get(url(plan))["ETag"]
    services.session_mark(session=plan.sessions.get(number=2), status="rest")
    response = client.get(url(plan), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_head_answers_with_the_headers_of_get(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    get, head = client.get(url(plan)), client.head(url(plan))
    assert head.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "ETag", "Cache-Control", "Content-Disposition"):
        assert head[header] == get[header]


def test_a_discreet_plan_downloads_under_a_neutral_name(client, owner):
    plan = make_plan(owner, discreet_titles=True)
    client.force_login(owner)
    disposition = client.get(url(plan))["Content-Disposition"]
    assert disposition == 'attachment; filename="treatment-2026-03-02.ics"'


def test_a_304_costs_three_queries_with_the_login(client, owner, django_assert_num_queries):
    plan = make_plan(owner)
    client.force_login(owner)
    etag = client.get(url(plan))["ETag"]
    # (the session); the user; the plan with its rule and regimen; its sessions (the ETag is
    # a digest of these rows, the ones the file is built from)
    with django_assert_num_queries(session_queries() + 3):
        assert client.get(url(plan), headers={"if-none-match": etag}).status_code == 304
