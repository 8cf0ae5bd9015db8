"""A double tap on "Delete my account" (or two devices at once) on PostgreSQL: every request
is answered, never a 500, and the account with all it held is gone. (SQLite runs one writer
at a time: CI's PostgreSQL run.)"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from races import at_once

from factories import PASSWORD, make_plan, make_user
from planner.plans.models import Plan, Session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL"),
    pytest.mark.usefixtures("catalogue"),
]
PARALLEL = 5  # the password forms allow five tries an hour (accounts/throttle.py)


def test_an_account_deleted_by_several_requests_at_once_goes_once_without_error():
    person = make_user("leaving")
    make_plan(person)
    logged_in = Client()
    logged_in.force_login(person)

    def delete(_: int) -> int:
        client = Client()
        client.cookies = logged_in.cookies
        return client.post("/accounts/delete/", {"password": PASSWORD}).status_code

    statuses = at_once(delete, PARALLEL)
    assert statuses == [302] * PARALLEL, statuses
    assert not get_user_model().objects.filter(username="leaving").exists()
    assert not Plan.objects.exists() and not Session.objects.exists()
