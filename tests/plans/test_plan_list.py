import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import make_plan
from planner.plans import services

pytestmark = pytest.mark.usefixtures("catalogue")


@time_machine.travel(dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC), tick=False)
def test_it_lists_active_and_finished_plans_of_the_owner_only(client, owner, outsider):
    finished = make_plan(owner, "aldara-sbcc", weekdays=())  # ended in April
    active = make_plan(owner, start_date=dt.date(2026, 8, 31))
    make_plan(outsider, label="not yours")
    client.force_login(owner)
    response = client.get("/plans/")
    assert response.context["active"] == [active]
    assert response.context["finished"] == [finished]
    assert "not yours" not in response.content.decode()


def test_a_plan_ended_early_says_on_which_day(client, owner):
    """Its "Last day" is the course's planned one; the status says when it really ended, in the
    plan's zone (23:30 in Los Angeles is the next day in UTC)."""
    plan = make_plan(owner, timezone="America/Los_Angeles")
    with time_machine.travel(dt.datetime(2026, 3, 21, 6, 30, tzinfo=dt.UTC), tick=False):
        services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 3, 20))
    client.force_login(owner)
    body = " ".join(client.get("/plans/").content.decode().split())
    assert "<td>21 Jun 2026</td> <td>Stopped on 20 Mar 2026</td>" in body


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/plans/").status_code == 302


def test_the_list_runs_a_fixed_number_of_queries(client, owner):
    client.force_login(owner)
    make_plan(owner)
    with CaptureQueriesContext(connection) as one:
        client.get("/plans/")
    for _ in range(5):
        make_plan(owner)
    with CaptureQueriesContext(connection) as six:
        client.get("/plans/")
    assert len(one) == len(six)
