"""Settings saved twice at once, as a double tap or two devices would, on PostgreSQL: every
request is answered (never a 500) and one request's choice is kept whole. (SQLite runs one
writer at a time: CI's PostgreSQL run.)"""

import pytest
from django.db import connection
from django.test import Client
from races import at_once

from factories import PASSWORD, make_user
from planner.accounts.models import ConfirmedEmail, Profile

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL"),
]
PARALLEL = 10
EMAIL_TRIES = 5  # the email form allows five tries an hour (accounts/throttle.py)


def posted_at_once(person, path: str, forms: list[dict]) -> list[int]:
    logged_in = Client()
    logged_in.force_login(person)

    def post(index: int) -> int:
        client = Client()
        client.cookies = logged_in.cookies
        return client.post(path, forms[index]).status_code

    return at_once(post, len(forms))


def test_the_first_save_of_settings_tapped_many_times_at_once_keeps_one_profile():
    """A new account has no profile row until its first save (no zone at sign-up)."""
    person = make_user("new")
    forms = [{"timezone": "Europe/Paris", "bedtime": f"21:{i:02}"} for i in range(PARALLEL)]
    assert set(posted_at_once(person, "/accounts/profile/", forms)) == {302}
    [profile] = Profile.objects.filter(user=person)
    assert profile.timezone == "Europe/Paris"
    assert profile.bedtime.strftime("%H:%M") in {form["bedtime"] for form in forms}


def test_an_address_changed_from_two_devices_at_once_is_one_of_theirs():
    person = make_user("mover")
    forms = [{"email": f"mover{i}@example.org", "password": PASSWORD} for i in range(EMAIL_TRIES)]
    assert set(posted_at_once(person, "/accounts/email/", forms)) == {302}
    person.refresh_from_db()
    assert person.email in {form["email"] for form in forms}
    # The old address stays confirmed (its row); none of the new ones is until its link opens.
    assert list(ConfirmedEmail.objects.values_list("email", flat=True)) == ["mover@example.org"]
