"""Logging in from two devices at once (phone in Tokyo, laptop in Paris) to an account without
a time zone, on PostgreSQL: every log-in succeeds, one profile is made, it takes one of the two
zones, and only the device whose zone it took is told so. (SQLite runs one writer at a time:
CI's PostgreSQL run.)"""

import re

import pytest
from django.db import connection
from django.test import Client
from races import at_once

from factories import PASSWORD, make_user
from planner.accounts.models import Profile

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL"),
]
PARALLEL = 12
ZONES = ("Asia/Tokyo", "Europe/Paris")
TOLD = re.compile(r"Your time zone is now ([\w/]+), this browser")


def test_parallel_log_ins_set_one_zone_and_tell_only_its_device():
    user = make_user("traveller")

    def log_in(index: int) -> tuple[int, str]:
        data = {"username": "traveller", "password": PASSWORD, "timezone": ZONES[index % 2]}
        response = Client().post("/accounts/login/", data, follow=True)
        return response.wsgi_request.user.pk, response.content.decode()

    answers = at_once(log_in, PARALLEL)
    assert [who for who, _ in answers] == [user.pk] * PARALLEL  # every device logged in
    kept = Profile.objects.get(user=user).timezone
    told = [found.group(1) for _, body in answers if (found := TOLD.search(body))]
    assert told == [kept] and kept in ZONES
