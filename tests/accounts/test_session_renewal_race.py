"""The day's session renewal (planner/middleware.py) racing on PostgreSQL: pages opened on
several devices at once on a new day, one of them logging out. The log-out wins: no renewal
brings its session back (Django saves an existing session with an UPDATE, never an INSERT),
and no request fails with a 500. (SQLite runs one writer at a time: CI's PostgreSQL run.)"""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session as StoredSession
from django.core.cache import cache
from django.db import connection
from django.test import Client
from races import at_once

from factories import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL"),
    pytest.mark.usefixtures("catalogue"),
]
LOGGED_IN = dt.datetime(2026, 3, 2, 20, tzinfo=dt.UTC)
NEXT_DAY = LOGGED_IN + dt.timedelta(days=1)
PAGES = ["/today/", "/plans/", "/accounts/profile/", "/regimens/"] * 3


def test_renewals_racing_a_log_out_never_bring_the_session_back():
    person = make_user("racer")
    with time_machine.travel(LOGGED_IN, tick=False):
        device = Client()
        device.force_login(person)
    cookies = device.cookies

    def open_or_log_out(index: int) -> int:
        other = Client()
        other.cookies = cookies
        if index == len(PAGES) // 2:
            return other.post("/accounts/logout/").status_code
        return other.get(PAGES[index % len(PAGES)]).status_code

    with time_machine.travel(NEXT_DAY, tick=False):  # the clock of every thread
        statuses = at_once(open_or_log_out, len(PAGES) + 1)
    # 400: Django's SessionInterrupted, for a renewal whose session the log-out had deleted
    # (its page, 400.html, says so)
    assert set(statuses) <= {200, 302, 400}, statuses
    assert not StoredSession.objects.exists()
    cache.clear()
    with time_machine.travel(NEXT_DAY, tick=False):
        assert device.get("/today/").status_code == 302  # logged out for good


def test_renewals_at_once_keep_one_valid_session():
    person = make_user("racer")
    with time_machine.travel(LOGGED_IN, tick=False):
        device = Client()
        device.force_login(person)

    def open_page(index: int) -> int:
        other = Client()
        other.cookies = device.cookies
        return other.get(PAGES[index]).status_code

    with time_machine.travel(NEXT_DAY, tick=False):
        assert at_once(open_page, len(PAGES)) == [200] * len(PAGES)
    stored = StoredSession.objects.get()
    assert stored.get_decoded()["renewed_on"] == NEXT_DAY.date().isoformat()
    assert stored.expire_date == NEXT_DAY + dt.timedelta(weeks=2)
