"""A double tap on "Sign up" (or two devices at once) on PostgreSQL: both requests pass the
form's is-the-name-free check before either saves. One account is made; the other request
gets the form again saying the name is taken, never a 500. (SQLite runs one writer at a time:
CI's PostgreSQL run.)"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from races import at_once

from factories import PASSWORD
from planner.accounts.models import Profile

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL"),
]
PARALLEL = 12


def test_parallel_sign_ups_with_one_name_make_one_account_and_no_error():
    data = {"username": "twin", "email": "twin@example.org", "timezone": "Europe/Paris"}

    def sign_up(index: int) -> tuple[int, str]:
        response = Client().post(
            "/accounts/signup/", {**data, "password1": PASSWORD, "password2": PASSWORD}
        )
        return response.status_code, response.content.decode()

    answers = at_once(sign_up, PARALLEL)
    statuses = [status for status, _ in answers]
    assert statuses.count(302) == 1, statuses
    assert set(statuses) == {200, 302}
    refused = [body for status, body in answers if status == 200]
    assert all("A user with that username already exists." in body for body in refused)
    assert get_user_model().objects.get().username == "twin"
    assert Profile.objects.get().timezone == "Europe/Paris"
