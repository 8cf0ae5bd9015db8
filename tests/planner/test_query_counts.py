"""Every page costs the same number of queries however long the plan and its log: a short
plan with nothing logged against the longest plan with every day logged and a rest period."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import make_plan
from planner.calendars import feeds
from planner.plans import services
from planner.symptoms.models import SymptomEntry
from queries import session_queries

pytestmark = pytest.mark.usefixtures("catalogue")

PAGES = {  # page -> queries after the session: the user comes first on every logged-in page
    "": 11,  # plan with rule; sessions; entries; rest periods; feed token; versions; history;
    # the questions that fit its regimen; reminder settings; the zone in Settings
    "calendar/2026-03/": 4,  # plan with rule; that month's sessions and entries
    "print/": 3,  # plan with rule; sessions
    "log/": 5,  # plan with rule; sessions; rest periods; entries
    "report/": 6,  # as the log, and a newer approved version of the rule, if any
    "calendar.ics": 3,  # plan with rule; the sessions (the ETag's rows and the file's)
}


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def long_plan(owner):
    plan = make_plan(owner, "zyclara-egw", weekdays=())  # 16 weeks, three nights a week
    SymptomEntry.objects.bulk_create(
        SymptomEntry(plan=plan, date=plan.start_date + dt.timedelta(days=n), erythema=n % 4)
        for n in range(60)
    )
    services.rest_period_add(
        plan=plan,
        first_day=plan.start_date + dt.timedelta(days=20),
        last_day=plan.start_date + dt.timedelta(days=25),
    )
    feeds.feed_rotate(user=owner, plan=plan)
    return plan


@time_machine.travel(dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(("page", "queries"), PAGES.items())
def test_a_page_costs_the_same_queries_whatever_the_plan(client, owner, page, queries):
    client.force_login(owner)
    short, long = make_plan(owner, "aldara-sbcc", weekdays=()), long_plan(owner)
    for plan in (short, long):
        assert count(client, f"/plans/{plan.public_id}/{page}") == session_queries() + queries, plan


@time_machine.travel(dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC), tick=False)
def test_the_plans_list_costs_the_same_queries_whatever_the_plans(client, owner):
    client.force_login(owner)
    make_plan(owner)
    few = count(client, "/plans/")
    for slug in ("aldara-sbcc", "zyclara-egw"):
        make_plan(owner, slug, weekdays=())
    assert few == session_queries() + 3  # (session); user; plans with rules; feed token
    assert count(client, "/plans/") == few
