"""State changes racing each other on PostgreSQL, as a browser's double tap or two devices
would: each request locks the plan, then its nights, and checks what it changes under those
locks. (SQLite runs one writer at a time, so these run on PostgreSQL only: CI's second run.)"""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from races import at_once

from factories import make_plan, make_user
from planner.accounts.confirmation import confirm_url
from planner.accounts.models import ConfirmedEmail
from planner.calendars.models import FeedToken
from planner.plans.models import Plan, PlanEvent, Session
from planner.plans.services import rest_period_add
from planner.symptoms.models import ITEMS, SymptomEntry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.usefixtures("catalogue", "midday"),
]
PARALLEL = 20


def race(logged_in: Client, requests: list[tuple[str, dict]]) -> list[int]:
    """POST every (path, data) at once, each from its own thread and connection."""

    def post(index: int) -> int:
        client = Client()
        client.cookies = logged_in.cookies
        return client.post(*requests[index]).status_code

    return at_once(post, len(requests))


def started_three_weeks_ago(owner) -> Plan:
    return make_plan(owner, start_date=timezone.localdate() - dt.timedelta(days=21))


def test_ticks_racing_an_end_never_change_a_night_after_the_end(client, owner):
    plan = started_three_weeks_ago(owner)
    client.force_login(owner)
    past = list(
        plan.sessions.filter(date__lt=timezone.localdate()).values_list("number", flat=True)
    )
    base = f"/plans/{plan.public_id}"
    ticks = [
        (f"{base}/sessions/{past[i % len(past)]}/", {"status": ("done", "missed")[i % 2]})
        for i in range(PARALLEL - 1)
    ]
    ticks.insert(PARALLEL // 2, (f"{base}/end/", {"status": "stopped", "confirm": "1"}))
    assert set(race(client, ticks)) == {302}
    [end] = PlanEvent.objects.filter(plan=plan, action="stopped")
    assert not PlanEvent.objects.filter(plan=plan, session__isnull=False, id__gt=end.id).exists()
    assert (
        not plan.sessions.filter(status=Session.Status.PLANNED)
        .exclude(date__lt=timezone.localdate())
        .exists()
    )


def test_parallel_ends_end_the_plan_once(client, owner):
    plan = started_three_weeks_ago(owner)
    client.force_login(owner)
    end = (f"/plans/{plan.public_id}/end/", {"status": "stopped", "confirm": "1"})
    assert set(race(client, [end] * PARALLEL)) == {302}
    assert PlanEvent.objects.filter(plan=plan, action="stopped").count() == 1
    plan.refresh_from_db()
    assert plan.status == "stopped" and plan.ended_at is not None


def test_parallel_rotations_leave_one_live_feed(client, owner):
    client.force_login(owner)
    rotate = ("/feeds/all/rotate/", {})
    assert set(race(client, [rotate] * PARALLEL)) == {302}
    assert FeedToken.objects.live().filter(user=owner, plan__isnull=True).count() == 1


def test_parallel_rotations_of_a_plan_feed_leave_one_live_feed(client, owner):
    plan = started_three_weeks_ago(owner)
    client.force_login(owner)
    rotate = (f"/plans/{plan.public_id}/feed/rotate/", {})
    assert set(race(client, [rotate] * PARALLEL)) == {302}
    assert FeedToken.objects.live().filter(plan=plan).count() == 1


@pytest.mark.parametrize("feed", ["/feeds/all", "plan"])
def test_a_feed_revoked_while_rotated_ends_with_at_most_one_live_link(client, owner, feed):
    """Revocations and rotations sent together, as two devices would: each takes its turn
    under the feed owner's lock, so no second live link is ever made, and after the last
    revocation (sent again alone, as a person would on seeing the page) none is left."""
    plan = started_three_weeks_ago(owner)
    base = f"/plans/{plan.public_id}/feed" if feed == "plan" else feed
    client.force_login(owner)
    client.post(f"{base}/rotate/")
    mixed = [(f"{base}/{('revoke', 'rotate')[i % 2]}/", {}) for i in range(PARALLEL)]
    assert set(race(client, mixed)) == {302}
    live = FeedToken.objects.live().filter(plan=plan if feed == "plan" else None, user=owner)
    assert live.count() <= 1
    assert set(race(client, [(f"{base}/revoke/", {})] * PARALLEL)) == {302}
    assert not live.exists()


def test_two_nights_recorded_too_close_together_at_once_keep_only_one(client, owner):
    """Done times 6 hours apart on two adjacent nights of a daily plan, sent together many
    times: the spacing check runs under the plan's lock, so exactly one night is recorded."""
    today = dt.datetime.now(dt.UTC).date()
    plan = make_plan(
        owner,
        "zyclara-egw",
        weekdays=(),
        timezone="UTC",
        application_time=dt.time(21, 30),
        start_date=today - dt.timedelta(days=7),
    )
    client.force_login(owner)
    first, second = plan.sessions.filter(date__in=[today - dt.timedelta(days=d) for d in (3, 2)])
    late = (first.number, {"status": "done", "done_time": "09:30"})  # the next morning
    early = (second.number, {"status": "done", "done_time": "15:30"})  # 6 hours later
    base = f"/plans/{plan.public_id}/sessions"
    ticks = [(f"{base}/{n}/", data) for n, data in (late, early) * (PARALLEL // 2)]
    assert set(race(client, ticks)) == {302}
    assert plan.sessions.filter(status=Session.Status.DONE).count() == 1
    assert PlanEvent.objects.filter(plan=plan, action="marked done").count() == 1


def plan_for_today(owner) -> tuple[Plan, dt.date, tuple[str, str]]:
    """Aldara AK in UTC (today is the same date for the server and the plan), three weeks in,
    with today one of its two days."""
    today = dt.datetime.now(dt.UTC).date()
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    days = (names[today.weekday()], names[(today.weekday() + 3) % 7])
    start = today - dt.timedelta(days=21)
    plan = make_plan(
        owner, timezone="UTC", application_time=dt.time(21, 30), weekdays=days, start_date=start
    )
    return plan, today, days


def change_to(plan, today: dt.date, days, at: str) -> tuple[str, dict]:
    data = {"from_date": today.isoformat(), "application_time": at, "timezone": "UTC"}
    return f"/plans/{plan.public_id}/change/", {**data, "weekdays": list(days)}


def test_a_change_racing_ticks_leaves_each_night_as_the_last_request_to_touch_it_said(
    client, owner
):
    plan, today, days = plan_for_today(owner)
    client.force_login(owner)
    nights = list(plan.sessions.filter(date__gte=today).values_list("number", flat=True))[:4]
    base = f"/plans/{plan.public_id}/sessions"
    ticks = [
        (f"{base}/{nights[i % 4]}/", {"status": ("rest", "planned")[i // 4 % 2]})
        for i in range(PARALLEL - 1)
    ]
    ticks.insert(PARALLEL // 2, change_to(plan, today, days, "23:15"))
    assert set(race(client, ticks)) == {302}
    [changed] = PlanEvent.objects.filter(plan=plan, action="changed")
    for night in plan.sessions.filter(date__gte=today):
        marks = PlanEvent.objects.filter(session=night, action__startswith="marked")
        last = marks.order_by("id").last()
        at = night.apply_at.astimezone(dt.UTC).time()
        if last and last.id > changed.id:  # ticked after the change: as that tick said
            assert night.status == last.action.removeprefix("marked "), night
        elif last and last.action == "marked rest":  # a rest when the change came: it stayed
            assert (night.status, at) == ("rest", dt.time(21, 30)), night
        else:  # open when the change came: moved to the new time
            assert (night.status, at) == ("planned", dt.time(23, 15)), night


def test_changes_racing_each_other_apply_one_after_the_other(client, owner):
    plan, today, days = plan_for_today(owner)
    client.force_login(owner)
    times = [f"22:{minute:02d}" for minute in range(PARALLEL)]  # each one a real change
    assert set(race(client, [change_to(plan, today, days, at) for at in times])) == {302}
    events = list(PlanEvent.objects.filter(plan=plan, action="changed").order_by("id"))
    assert len(events) == PARALLEL
    plan.refresh_from_db()
    last = events[-1].detail.split(" to ")[1][:5]  # "from ...: time 22:07 to 22:13; ..."
    assert plan.application_time.strftime("%H:%M") == last
    for night in plan.sessions.filter(date__gte=today):
        # Each change saw the one before it: every night moved each time, none skipped one.
        assert night.apply_at.astimezone(dt.UTC).strftime("%H:%M") == last, night
        assert night.sequence == PARALLEL, night


def test_ticks_racing_a_delete_never_fail(client, owner):
    plan = started_three_weeks_ago(owner)
    client.force_login(owner)
    past = list(
        plan.sessions.filter(date__lt=timezone.localdate()).values_list("number", flat=True)
    )
    base = f"/plans/{plan.public_id}"
    ticks = [
        (f"{base}/sessions/{past[i % len(past)]}/", {"status": "missed"})
        for i in range(PARALLEL - 1)
    ]
    statuses = race(client, [*ticks, (f"{base}/delete/", {"confirm": "on"})])
    # A tick that lost the race finds the plan gone: a redirect or a 404, never a 500.
    assert set(statuses) <= {302, 404}
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not Session.objects.filter(plan_id=plan.pk).exists()


def test_assessment_results_racing_each_other_apply_exactly_once(client, owner):
    """'Cleared' and 'not cleared' sent together many times (two devices, double taps): the
    first to lock the plan records its result; every other one is refused under the lock, so
    the second course is added at most once and a cleared plan gets no nights."""
    today = dt.datetime.now(dt.UTC).date()
    plan = make_plan(
        owner, "aldara-ak-eu", timezone="UTC", start_date=today - dt.timedelta(days=60)
    )
    client.force_login(owner)
    post = f"/plans/{plan.public_id}/assessment/"
    results = [
        (post, {"result": ("cleared", "not-cleared")[i % 2], "confirm": "1"})
        for i in range(PARALLEL)
    ]
    assert set(race(client, results)) == {302}
    plan.refresh_from_db()
    [assessed] = PlanEvent.objects.filter(plan=plan, action="assessed")
    if plan.assessment_result == "cleared":
        assert (plan.status, plan.sessions.count()) == ("cleared", 12)
        assert assessed.detail.startswith("cleared")
    else:
        assert (plan.status, plan.sessions.count()) == ("active", 24)
        assert plan.end_date == today + dt.timedelta(days=27)
        assert assessed.detail.startswith("not cleared")


def test_a_confirmation_link_tapped_many_times_at_once_confirms_once(client):
    user = make_user("tapper", confirmed=False)
    path = urlsplit(confirm_url(user)).path
    assert race(client, [(path, {})] * PARALLEL) == [200] * PARALLEL
    assert list(ConfirmedEmail.objects.values_list("email", flat=True)) == ["tapper@example.org"]


def test_one_day_s_log_saved_from_two_devices_at_once_keeps_one_entry(client, owner):
    plan = started_three_weeks_ago(owner)
    client.force_login(owner)
    day = timezone.localdate() - dt.timedelta(days=1)
    grades = {item: "0" for item in ITEMS}
    saves = [
        (f"/plans/{plan.public_id}/log/{day}/", {**grades, "erythema": str(i % 4), "note": str(i)})
        for i in range(PARALLEL)
    ]
    assert set(race(client, saves)) == {302}
    [entry] = SymptomEntry.objects.filter(plan=plan)
    assert entry.date == day and entry.erythema == int(entry.note) % 4  # one request's, whole


def test_one_day_s_log_deleted_while_saved_again_ends_whole_or_gone(client, owner):
    """A delete tapped twice at once, racing saves from another device: every request is
    answered, and the day ends with no entry or one request's whole entry."""
    plan = started_three_weeks_ago(owner)
    client.force_login(owner)
    day = timezone.localdate() - dt.timedelta(days=1)
    SymptomEntry.objects.create(plan=plan, date=day, erythema=1, note="1")
    grades = {item: "0" for item in ITEMS}
    edit = f"/plans/{plan.public_id}/log/{day}/"
    requests = [
        (f"{edit}delete/", {})
        if i % 2
        else (edit, {**grades, "erythema": str(i % 4), "note": str(i)})
        for i in range(PARALLEL)
    ]
    assert set(race(client, requests)) == {302}
    entries = list(SymptomEntry.objects.filter(plan=plan))
    assert len(entries) <= 1
    assert all(entry.erythema == int(entry.note) % 4 for entry in entries)


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/plans/new/", {"regimen": "aldara-ak", "weekdays": ["mon", "thu"]}),
        (
            "/plans/new/prescribed/",
            {
                "regimen": "aldara-ak",
                "pattern": "weekly",
                "per_week": "3",
                "weeks": "4",
                "weekdays": ["mon", "wed", "fri"],
            },
        ),
    ],
)
def test_a_double_tap_on_create_makes_one_plan(client, owner, path, form):
    """The form sent twice at once: one plan; the other requests see it and get the form back
    saying this plan is already made (test_overlaps.py checks those words)."""
    client.force_login(owner)
    data = {
        **form,
        "start_date": str(timezone.localdate()),
        "application_time": "21:30",
        "timezone": "Europe/London",
        "contact_hours": "8",
        "label": "left cheek",
        "create": "1",
    }
    statuses = race(client, [(path, data)] * PARALLEL)
    assert Plan.objects.filter(user=owner).count() == 1
    assert sorted(statuses) == [200] * (PARALLEL - 1) + [302]


def test_a_double_tap_on_a_confirmed_second_course_makes_one_plan(client, owner):
    """Asked about the plan it overlaps, the person ticks the box and taps twice: the
    confirmation was for the plan listed, so one second course is made and the other request
    asks again, now listing it too."""
    first = make_plan(owner, start_date=timezone.localdate(), label="left cheek")
    client.force_login(owner)
    data = {
        "regimen": "aldara-ak",
        "weekdays": ["tue", "fri"],
        "start_date": str(timezone.localdate()),
        "application_time": "21:30",
        "timezone": "Europe/London",
        "contact_hours": "8",
        "label": "right cheek",
        "create": "1",
    }
    asked = client.post("/plans/new/", data).content.decode()
    assert "This plan overlaps 1 active plan" in asked and str(first.public_id) in asked
    data.update(confirm_overlap="on", overlap_seen=str(first.public_id))
    statuses = race(client, [("/plans/new/", data)] * PARALLEL)
    assert Plan.objects.filter(user=owner).count() == 2
    assert sorted(statuses) == [200] * (PARALLEL - 1) + [302]


def test_overlapping_rests_sent_at_once_make_one(client, owner):
    plan = make_plan(owner, start_date=timezone.localdate())
    client.force_login(owner)
    soon = timezone.localdate() + dt.timedelta(days=7)
    rests = [
        (f"/plans/{plan.public_id}/rest/", {"first_day": soon, "last_day": soon + dt.timedelta(i)})
        for i in range(PARALLEL)
    ]
    assert set(race(client, rests)) == {302}
    assert plan.rest_periods.count() == 1
    assert PlanEvent.objects.filter(plan=plan, action="rest period").count() == 1


def test_a_rest_removed_twice_at_once_is_removed_once(client, owner):
    """Its history says so once, and counts the nights planned again once."""
    plan = make_plan(owner, start_date=timezone.localdate())
    soon = timezone.localdate() + dt.timedelta(days=7)
    rest, _ = rest_period_add(plan=plan, first_day=soon, last_day=soon + dt.timedelta(days=6))
    client.force_login(owner)
    removals = [(f"/plans/{plan.public_id}/rest/{rest.pk}/remove/", {})] * PARALLEL
    # Each is answered: removed, refused as already removed, or 404 once the row is gone.
    assert set(race(client, removals)) <= {302, 404}
    assert not plan.rest_periods.exists()
    assert PlanEvent.objects.filter(plan=plan, action="rest period removed").count() == 1
    assert not plan.sessions.filter(status=Session.Status.REST).exists()


def test_discreet_titles_turned_on_many_times_at_once_are_recorded_once(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    taps = [(f"/plans/{plan.public_id}/discreet/", {"discreet_titles": "1"})] * PARALLEL
    assert set(race(client, taps)) == {302}
    assert PlanEvent.objects.filter(plan=plan, action="discreet titles on").count() == 1
