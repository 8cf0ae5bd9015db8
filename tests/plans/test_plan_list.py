import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import make_plan

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
