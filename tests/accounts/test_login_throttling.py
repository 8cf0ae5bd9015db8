import pytest
from axes.models import AccessAttempt

from factories import PASSWORD


def test_it_locks_out_after_repeated_failures(client, owner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_failures_then_success_still_logs_in(client, owner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("username", ["x" * 300, "own\x00er", "ü" * 200])
def test_junk_usernames_are_refused_and_counted_not_500(client, owner, username):
    """django-axes records each failure under the username: on PostgreSQL a NUL or one
    longer than the column made that write fail."""
    response = client.post("/accounts/login/", {"username": username, "password": "wrong"})
    assert response.status_code == 200


def test_a_long_username_s_failures_are_counted_under_its_first_150_characters(client, owner):
    client.post("/accounts/login/", {"username": "x" * 300, "password": "wrong"})
    assert AccessAttempt.objects.get().username == "x" * 150
