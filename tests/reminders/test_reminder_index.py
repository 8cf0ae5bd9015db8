"""The query that finds due reminders reads the partial index on the nights' apply time, and
reads no more rows when finished plans pile up; a sender's claim reads its batch and no more
however many reminders wait (issue 22, point 7). PostgreSQL only: its EXPLAIN ANALYZE says
which index a query used and how many rows it read (CI's second run)."""

import datetime as dt
import json
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import approved_rule
from planner.plans.models import Plan, Session
from planner.reminders import services
from planner.reminders.models import Delivery

pytestmark = [
    pytest.mark.django_db(transaction=True),  # ANALYZE must see the rows: they are committed
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
    pytest.mark.usefixtures("catalogue"),
]
INDEX = "session_due_by_apply_at"
CLAIM_INDEX = "reminder_pending_claim_order"
NIGHTS = 12
DUE_PLANS = 5
FINISHED = 3000  # enough that PostgreSQL looks plans and users up by key, not whole tables
CURSOR = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(OUT)? HOLD FOR ')
DAY = dt.timedelta(days=1)


def plans(count: int, first: int, *, status: str = "active"):
    """`count` people, each with a plan of the catalogue's rule (its nights added by the
    caller), written with bulk_create: thousands in a second."""
    User = get_user_model()
    users = User.objects.bulk_create(User(username=f"u{first + i}") for i in range(count))
    rule, today = approved_rule(), timezone.localdate()
    return Plan.objects.bulk_create(
        Plan(
            user=user,
            rule=rule,
            start_date=today - 30 * DAY,
            end_date=today + 30 * DAY,
            weekdays="mon",
            application_time=dt.time(21),
            timezone="UTC",
            contact_hours=8,
            status=status,
        )
        for user in users
    )


def nights(plan: Plan, first_apply: dt.datetime, status) -> list[Session]:
    return [
        Session(
            plan=plan,
            number=n + 1,
            date=(first_apply + n * DAY).date(),
            apply_at=first_apply + n * DAY,
            wash_off_at=first_apply + n * DAY + dt.timedelta(hours=8),
            status=status(n),
        )
        for n in range(NIGHTS)
    ]


def add_finished_plans(first: int, now: dt.datetime) -> None:
    """Half are courses run to their end weeks ago (every night done); half were stopped a
    week ago, three nights done and the rest cancelled: cancelled nights fall inside the
    query's time range, and only the index's condition leaves them out."""
    ended = plans(FINISHED // 2, first)
    stopped = plans(FINISHED // 2, first + FINISHED, status="stopped")
    rows = [s for p in ended for s in nights(p, now - 60 * DAY, lambda n: "done")]
    rows += [
        s
        for p in stopped
        for s in nights(p, now - 10 * DAY, lambda n: "done" if n < 3 else "cancelled")
    ]
    Session.objects.bulk_create(rows, batch_size=5000)


def find_due_reads(now: dt.datetime) -> dict:
    """Run find_due at `now` and have PostgreSQL EXPLAIN ANALYZE each query it ran: the indexes
    they used, and the rows each table gave, counting those read then thrown away."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        with CaptureQueriesContext(connection) as ran:
            services.find_due(now=now)
        nodes = []
        for query in ran.captured_queries:
            sql = CURSOR.sub("", query["sql"])  # find_due reads through a server-side cursor
            if sql.startswith("SELECT"):
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                [explained] = cursor.fetchone()[0]  # psycopg reads the JSON already
                nodes += walk(explained["Plan"])
    read = Counter()
    for node in nodes:
        if "Relation Name" in node:
            read[node["Relation Name"]] += rows_read(node)
    return {"indexes": {n["Index Name"] for n in nodes if "Index Name" in n}, "read": read}


def rows_read(node: dict) -> int:
    dropped = ("Rows Removed by Filter", "Rows Removed by Index Recheck")
    return node["Actual Rows"] * node["Actual Loops"] + sum(node.get(key, 0) for key in dropped)


def walk(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from walk(child)


def test_the_due_nights_query_reads_the_index_and_no_more_with_more_finished_plans():
    now = timezone.now()
    # Five active plans, a night a day from five days ago: three of each lie in the range
    # the query reads (two days back for a late wash-off, an hour ahead for the lead time).
    first = now - 5 * DAY + dt.timedelta(minutes=10)
    active = plans(DUE_PLANS, 0)
    Session.objects.bulk_create(s for p in active for s in nights(p, first, lambda n: "planned"))
    in_range = 3 * DUE_PLANS
    add_finished_plans(100_000, now)
    before = find_due_reads(now)
    add_finished_plans(200_000, now)  # as many finished plans again
    after = find_due_reads(now)
    assert Session.objects.count() == (DUE_PLANS + 2 * FINISHED) * NIGHTS
    assert INDEX in before["indexes"] and INDEX in after["indexes"]
    assert before["read"]["planner_session"] == in_range  # none read only to be dropped
    assert before["read"]["planner_plan"] == before["read"]["auth_user"] == DUE_PLANS
    assert after["read"] == before["read"]  # nor more of any table


def waiting_reminders(first: int, count: int, now: dt.datetime) -> None:
    """`count` reminders due a minute ago, and as many already sent, all on new nights."""
    people = plans(count // NIGHTS, first)
    rows = Session.objects.bulk_create(
        s for p in people for s in nights(p, now - 10 * DAY, lambda n: "done")
    )
    ago = now - dt.timedelta(minutes=1)
    Delivery.objects.bulk_create(
        Delivery(session=night, kind=kind, status=status, due_at=ago, next_try_at=ago)
        for night in rows
        for kind, status in (("apply", "pending"), ("wash_off", "sent"))
    )


def claim_reads(now: dt.datetime, limit: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with transaction.atomic():  # a claim locks what it reads
        query = services.claimable(now).values_list("pk", flat=True)[:limit]
        [plan] = json.loads(query.explain(format="json", analyze=True))
    nodes = list(walk(plan["Plan"]))
    scans = [node for node in nodes if node.get("Relation Name") == "planner_delivery"]
    return {
        "indexes": {n["Index Name"] for n in nodes if "Index Name" in n},
        "read": sum(rows_read(node) for node in scans),
    }


def test_a_claim_reads_its_batch_and_no_more_however_many_reminders_wait():
    now = timezone.now()
    waiting_reminders(0, 1200, now)
    before = claim_reads(now, services.BATCH)
    waiting_reminders(100_000, 2400, now)  # three times as many waiting, and as many sent
    after = claim_reads(now, services.BATCH)
    assert Delivery.objects.filter(status="pending").count() == 3600
    assert before == after == {"indexes": {CLAIM_INDEX}, "read": services.BATCH}
