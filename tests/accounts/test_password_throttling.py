"""The password forms take a few tries an hour per account and per address (429 after that):
a burst of reset requests sends a few mails, not thirty; wrong passwords are not unlimited."""

import pytest
from django.core import mail

from factories import PASSWORD, make_user
from planner.accounts.throttle import RATE

LIMIT = int(RATE.split("/")[0])


@pytest.fixture(autouse=True)
def count_afresh():
    from django.core.cache import cache

    cache.clear()


def test_a_burst_of_reset_requests_sends_a_few_mails(client, owner):
    statuses = [
        client.post("/accounts/password_reset/", {"email": owner.email}).status_code
        for _ in range(30)
    ]
    assert statuses[:LIMIT] == [302] * LIMIT and set(statuses[LIMIT:]) == {429}
    assert len(mail.outbox) == LIMIT


def test_reset_requests_for_one_address_are_limited_from_many_addresses(client, owner):
    for n in range(LIMIT + 1):
        response = client.post(
            "/accounts/password_reset/", {"email": owner.email}, REMOTE_ADDR=f"192.0.2.{n}"
        )
    assert response.status_code == 429 and len(mail.outbox) == LIMIT


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/accounts/password_change/",
            {"old_password": "wrong", "new_password1": "x" * 12, "new_password2": "x" * 12},
        ),
        ("/accounts/delete/", {"password": "wrong"}),
    ],
)
def test_wrong_passwords_are_limited_per_account_and_per_address(client, owner, path, data):
    client.force_login(owner)
    statuses = [client.post(path, data).status_code for _ in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]
    other = make_user("other")
    client.force_login(other)  # another account, same address
    assert client.post(path, data).status_code == 429
    elsewhere = client.post(path, {**data, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
    assert elsewhere.status_code != 429  # that account, from another address
