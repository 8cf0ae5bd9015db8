"""GET/HEAD /feeds/<token>.ics: no login, the token is the key."""

import datetime as dt

import icalendar
import pytest
import time_machine

from factories import make_plan, make_user
from icsparsers import all_parsers
from planner.calendars import feeds
from planner.calendars.ics import event_uid
from planner.calendars.models import FeedToken
from planner.plans import services
from planner.plans.models import Plan, Session
from regimens.models import Regimen, RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
MADE = dt.datetime(2026, 2, 20, 9, 30, tzinfo=dt.UTC)


def url(token: FeedToken) -> str:
    return f"/feeds/{token.token}.ics"


def events(response) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_a_live_token_gets_the_plan_without_logging_in(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    response = client.get(url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response
    assert response["X-Robots-Tag"] == "noindex"
    assert len(events(response)) == 2 * plan.sessions.count() + 1


def test_the_token_has_at_least_32_random_bytes(owner):
    token = feeds.feed_rotate(user=owner, plan=make_plan(owner))
    assert len(token.token) >= 43  # base64 of 32 bytes


def test_the_feed_and_the_download_carry_the_same_uids(client, owner):
    plan = make_plan(owner)
    feed = events(client.get(url(feeds.feed_rotate(user=owner, plan=plan))))
    client.force_login(owner)
    download = events(client.get(f"/plans/{plan.public_id}/calendar.ics"))
    assert set(feed) == set(download)


def test_an_unknown_or_malformed_token_gets_404(client, owner):
    feeds.feed_rotate(user=owner, plan=make_plan(owner))
    assert client.get(f"/feeds/{'x' * 43}.ics").status_code == 404
    assert client.get("/feeds/short.ics").status_code == 404
    assert client.get("/feeds/not%20a%20token%20at%20all%20really.ics").status_code == 404


def test_a_revoked_token_gets_404(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    feeds.feed_revoke(user=owner, plan=plan)
    assert client.get(url(token)).status_code == 404


def test_a_rotated_token_gets_404_and_the_new_one_200(client, owner):
    plan = make_plan(owner)
    old = feeds.feed_rotate(user=owner, plan=plan)
    new = feeds.feed_rotate(user=owner, plan=plan)
    assert client.get(url(old)).status_code == 404
    assert client.get(url(new)).status_code == 200


@pytest.mark.parametrize("status", ["rest", "missed"])
def test_a_night_that_will_not_happen_is_cancelled_with_a_higher_sequence(client, owner, status):
    """A rest, or a night skipped: a subscribed calendar must not still sound its alarms
    (wash off at 06:00 a cream never put on)."""
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    read = events(client.get(url(token)))
    before = [read[event_uid(plan, kind, 2)] for kind in ("apply", "wash-off")]
    with time_machine.travel(plan.sessions.get(number=2).apply_at, tick=False):
        services.session_mark(session=plan.sessions.get(number=2), status=status)
    read = events(client.get(url(token)))
    for kind, was in zip(("apply", "wash-off"), before, strict=True):
        now = read[event_uid(plan, kind, 2)]
        assert (was["STATUS"], now["STATUS"]) == ("CONFIRMED", "CANCELLED")
        assert now["SEQUENCE"] > was["SEQUENCE"]
        assert was.walk("VALARM") and not now.walk("VALARM")


@pytest.mark.parametrize("parse", all_parsers(), ids=lambda p: p.__name__)
def test_every_instant_reads_the_same_in_each_parser(client, owner, parse):
    plan = make_plan(owner, timezone="Australia/Lord_Howe")  # crosses 5 April 2026
    read = parse(client.get(url(feeds.feed_rotate(user=owner, plan=plan))).content)
    for s in plan.sessions.all():
        assert read[event_uid(plan, "apply", s.number)] == (s.apply_at, s.wash_off_at)
        assert read[event_uid(plan, "wash-off", s.number)][0] == s.wash_off_at


@time_machine.travel(MADE, tick=False)
def test_a_matching_if_none_match_gets_304(client, owner):
    token = feeds.feed_rotate(user=owner, plan=make_plan(owner))
    first = client.get(url(token))
    assert "Last-Modified" not in first  # rows changed by update() keep their dates: ETag only
    by_etag = client.get(url(token), headers={"if-none-match": first["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag["ETag"] == first["ETag"]
    assert by_etag["Cache-Control"] == first["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"if-none-match": "{etag}"}, 304),
        ({"if-none-match": "W/{etag}"}, 304),  # weak comparison, as RFC 9110 asks
        ({"if-none-match": '"other", {etag}'}, 304),
        ({"if-none-match": "*"}, 304),
        ({"if-none-match": '"other"'}, 200),
        ({"if-none-match": "{etag}", "if-match": '"other"'}, 412),  # If-Match comes first
        ({"if-none-match": "{etag}", "if-unmodified-since": "Thu, 01 Jan 2026 00:00:00 GMT"}, 412),
    ],
)
def test_conditional_requests_follow_rfc_9110(client, owner, headers, status):
    """Judged as Django judges them."""
    token = feeds.feed_rotate(user=owner, plan=make_plan(owner))
    etag = client.get(url(token))["ETag"]
    sent = {name: value.replace("{etag}", etag) for name, value in headers.items()}
    assert client.get(url(token), headers=sent).status_code == status


def test_a_change_to_a_session_or_the_plan_changes_the_etag(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    seen = {client.get(url(token))["ETag"]}
    services.session_mark(session=plan.sessions.get(number=2), status="rest")
    seen.add(client.get(url(token))["ETag"])
    feeds.discreet_titles_set(plan=plan, on=True)
    seen.add(client.get(url(token))["ETag"])
    assert len(seen) == 3


def test_head_answers_with_the_headers_of_get(client, owner):
    token = feeds.feed_rotate(user=owner, plan=make_plan(owner))
    get, head = client.get(url(token)), client.head(url(token))
    assert head.status_code == 200 and head.content == b""
    for header in ("Content-Type", "ETag", "Cache-Control"):
        assert head[header] == get[header]
    assert client.head(f"/feeds/{'x' * 43}.ics").status_code == 404


def test_post_is_not_allowed(client, owner):
    token = feeds.feed_rotate(user=owner, plan=make_plan(owner))
    assert client.post(url(token)).status_code == 405


def test_the_all_plans_feed_holds_the_active_plans_of_its_owner_only(client, owner, outsider):
    london = make_plan(owner)
    sydney = make_plan(owner, "aldara-sbcc", weekdays=(), timezone="Australia/Sydney")
    stopped = make_plan(owner, "aldara-egw")
    services.plan_end(plan=stopped, status="stopped", today=dt.date(2026, 3, 3))
    theirs = make_plan(outsider)
    found = events(client.get(url(feeds.feed_rotate(user=owner))))
    plans = {uid.split("-1-apply")[0] for uid in found if "-1-apply@" in uid}
    assert plans == {str(london.public_id), str(sydney.public_id)}
    assert str(theirs.public_id) not in "".join(found)


@pytest.mark.parametrize("parse", all_parsers(), ids=lambda p: p.__name__)
def test_the_all_plans_feed_reads_the_same_in_each_parser(client, owner, parse):
    plans = [
        make_plan(owner, timezone="America/Santiago", start_date=dt.date(2026, 3, 16)),
        make_plan(owner, "aldara-sbcc", weekdays=(), timezone="Australia/Sydney"),
    ]
    read = parse(client.get(url(feeds.feed_rotate(user=owner))).content)
    for plan in plans:
        for s in plan.sessions.all():
            assert read[event_uid(plan, "apply", s.number)] == (s.apply_at, s.wash_off_at)


def test_stopping_a_plan_changes_the_all_plans_etag(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner)
    etag = client.get(url(token))["ETag"]
    services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 3, 3))
    assert client.get(url(token), headers={"if-none-match": etag}).status_code == 200


def test_an_empty_all_plans_feed_is_still_a_calendar(client):
    token = feeds.feed_rotate(user=make_user("nobody"))
    response = client.get(url(token))
    assert response.status_code == 200
    assert events(response) == {}


def test_a_plan_feed_costs_three_queries_whatever_the_plan(
    client, owner, django_assert_num_queries
):
    short = feeds.feed_rotate(user=owner, plan=make_plan(owner, "aldara-sbcc", weekdays=()))
    long = feeds.feed_rotate(user=owner, plan=make_plan(owner, "zyclara-egw", weekdays=()))
    for token in (short, long):
        # the token; the plan with rule and regimen; the sessions (the ETag's rows too)
        with django_assert_num_queries(3):
            client.get(url(token))


def test_a_304_costs_three_queries(client, owner, django_assert_num_queries):
    token = feeds.feed_rotate(user=owner, plan=make_plan(owner))
    etag = client.get(url(token))["ETag"]
    # the token; the plan with its rule and regimen; its sessions: the rows the ETag is a
    # digest of (and the file is built from)
    with django_assert_num_queries(3):
        assert client.get(url(token), headers={"if-none-match": etag}).status_code == 304


def test_the_all_plans_feed_costs_three_queries_whatever_the_plans(
    client, owner, django_assert_num_queries
):
    token = feeds.feed_rotate(user=owner)
    make_plan(owner)
    # the token; the plans with rule and regimen; their sessions
    with django_assert_num_queries(3):
        client.get(url(token))
    make_plan(owner, "aldara-sbcc", weekdays=(), timezone="Australia/Sydney")
    make_plan(owner, "zyclara-egw", weekdays=())
    with django_assert_num_queries(3):
        client.get(url(token))


def test_every_session_change_changes_the_plan_feeds_etag(client, owner):
    from planner.plans import services

    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    etags = [client.get(url(token))["ETag"]]
    services.session_mark(session=plan.sessions.get(number=1), status="missed")
    etags.append(client.get(url(token))["ETag"])
    services.rest_period_add(plan=plan, first_day=plan.start_date, last_day=plan.start_date)
    etags.append(client.get(url(token))["ETag"])
    services.plan_end(plan=plan, status="stopped", today=plan.start_date)
    etags.append(client.get(url(token))["ETag"])
    assert len(set(etags)) == 4


@pytest.mark.parametrize(
    "write",
    [
        lambda plan: Session.objects.filter(plan=plan, number=3).update(status="rest"),
        lambda plan: Plan.objects.filter(pk=plan.pk).update(label="right shin, renamed"),
        lambda plan: RuleVersion.objects.filter(pk=plan.rule_id).update(product="Renamed"),
        lambda plan: Regimen.objects.filter(pk=plan.rule.regimen_id).update(slug="renamed"),
    ],
)
def test_a_plain_orm_update_shows_at_once(client, owner, write):
    """As from a shell: update() sets no updated_at and calls no code of ours, yet neither
    a 304 nor the stored file may keep the old content."""
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    first = client.get(url(token))
    write(plan)
    again = client.get(url(token), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_a_session_changed_by_update_is_in_the_next_file(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan)
    assert b"STATUS:CANCELLED" not in client.get(url(token)).content
    Session.objects.filter(plan=plan, number=3).update(status="rest")
    assert b"STATUS:CANCELLED" in client.get(url(token)).content


def test_a_deactivated_account_s_feeds_are_gone(client, owner):
    plan_feed = feeds.feed_rotate(user=owner, plan=make_plan(owner))
    all_plans = feeds.feed_rotate(user=owner)
    owner.is_active = False
    owner.save()
    assert client.get(url(plan_feed)).status_code == 404
    assert client.get(url(all_plans)).status_code == 404


def test_two_people_s_empty_all_plans_feeds_are_their_own(client, owner, outsider):
    """With no plan the rows are the same (none): the owner still names the file."""
    mine, theirs = feeds.feed_rotate(user=owner), feeds.feed_rotate(user=outsider)
    first, second = client.get(url(mine)), client.get(url(theirs))
    assert first["ETag"] != second["ETag"]
    assert first.content != second.content
