"""State changes racing each other on PostgreSQL, as a browser's double tap or two devices
would: each request locks the plan, then its nights, and checks what it changes under those
locks. (SQLite runs one writer at a time, so these run on PostgreSQL only: CI's second run.)"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from factories import make_plan
from planner.calendars.models import FeedToken
from planner.plans.models import Plan, PlanEvent, Session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.usefixtures("catalogue"),
]
PARALLEL = 20


def race(logged_in: Client, requests: list[tuple[str, dict]]) -> list[int]:
    """POST every (path, data) at once, each from its own thread and connection."""
    start, statuses = threading.Barrier(len(requests)), [None] * len(requests)

    def post(index: int, path: str, data: dict) -> None:
        client = Client()
        client.cookies = logged_in.cookies
        start.wait()
        try:
            statuses[index] = client.post(path, data).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


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
