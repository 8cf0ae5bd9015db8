"""The password forms take a few tries an hour per account and per address (429 after that):
a burst of reset requests sends a few mails, not thirty; wrong passwords are not unlimited.
The count is one for every process (each gunicorn worker, each server): not in their memory."""

import os
import subprocess
import sys
import time
import uuid
import zlib
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import CacheHandler, caches
from django.core.cache.backends import locmem

from factories import PASSWORD, make_user
from planner.accounts import confirmation
from planner.accounts.throttle import RATE
from services import PROCESSES_REDIS_DB, REDIS_CACHE, redis_url, require_redis

LIMIT = int(RATE.split("/")[0])
RESET = "/accounts/password_reset/"
DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
# One process's share of the POSTs (through the throttle, on a form of its own): their statuses.
POSTS = """
import os
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory
from planner.accounts.throttle import throttled
form = throttled("post:email")(lambda request: HttpResponse())
email = os.environ["THROTTLED_EMAIL"]
posts = int(os.environ["POSTS"])
print(type(caches["throttle"]).__name__)
for _ in range(posts):
    print(form(RequestFactory().post("/", {"email": email})).status_code)
"""


@pytest.fixture(autouse=True)
def count_afresh(db):
    caches["throttle"].clear()


def test_the_throttle_counts_in_a_cache_every_process_shares():
    """Redis with REDIS_URL (CI's second run), else the database: never a process's memory."""
    assert settings.RATELIMIT_USE_CACHE == "throttle"
    expected = REDIS_CACHE if "REDIS_URL" in os.environ else DATABASE_CACHE
    assert settings.CACHES["throttle"]["BACKEND"] == expected


def test_five_posts_counted_through_another_cache_handler_refuse_the_sixth(client, owner):
    """As another gunicorn worker would count: through a cache handler of its own and, for a
    cache in memory, with memory of its own (locmem keeps its entries in module dicts, so they
    are replaced, as a new process has them empty)."""
    data = {"email": owner.email}
    with mock.patch.multiple(locmem, _caches={}, _expire_info={}, _locks={}):
        other = CacheHandler()
        with mock.patch("django_ratelimit.core.caches", other):
            five = [client.post(RESET, data).status_code for _ in range(LIMIT)]
    assert other["throttle"] is not caches["throttle"]
    sixth = client.post(RESET, data).status_code
    assert five + [sixth] == [302] * LIMIT + [429]


def email_far_from_its_window_edge(margin: int = 600) -> str:
    """A fresh address whose count is not reset in the next `margin` seconds: django-ratelimit
    ends an hour's window at a second set by the key (crc32 of the address, modulo the hour),
    so a random address straddled it now and then between the two processes (a CI run saw
    the sixth POST pass)."""
    assert RATE.endswith("/h")
    hour = 3600
    while True:
        email = f"{uuid.uuid4().hex}@example.org"
        edge = zlib.crc32(email.encode()) % hour
        if (edge - int(time.time()) % hour) % hour >= margin:
            return email


def posts_from_processes(env: dict, cache: str) -> list:
    """LIMIT POSTs in one `manage.py shell`, then one more in a second, both run with exactly
    `env` and counting in a cache of class `cache`: their statuses."""
    env = {**env, "THROTTLED_EMAIL": email_far_from_its_window_edge()}
    statuses = []
    for posts in (LIMIT, 1):
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v0", "-c", POSTS],
            env={**env, "POSTS": str(posts)},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        counted_in, *lines = done.stdout.split()
        assert counted_in == cache
        statuses += [int(status) for status in lines]
    return statuses


def test_two_processes_share_the_count_in_the_database(tmp_path):
    """Without REDIS_URL: migrate alone makes the table (no createcachetable step), and the
    second process refuses the sixth POST the first counted five of."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env = {k: v for k, v in {**os.environ, **env}.items() if k not in ("REDIS_URL", "CACHE_URL")}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True, timeout=300
    )
    assert posts_from_processes(env, "DatabaseCache") == [200] * LIMIT + [429]


def test_two_processes_share_the_count_in_redis():
    """With REDIS_URL (as on several app servers) the throttle counts in that Redis."""
    require_redis()
    env = {**os.environ, "REDIS_URL": redis_url(PROCESSES_REDIS_DB)}
    assert posts_from_processes(env, "RedisCache") == [200] * LIMIT + [429]


def test_a_burst_of_reset_requests_sends_a_few_mails(client, owner):
    statuses = [
        client.post("/accounts/password_reset/", {"email": owner.email}).status_code
        for _ in range(30)
    ]
    assert statuses[:LIMIT] == [302] * LIMIT and set(statuses[LIMIT:]) == {429}
    assert len(mail.outbox) == LIMIT


def test_a_burst_of_confirmation_links_sends_a_few_mails(client, monkeypatch):
    """'Send the link again' mails someone: as a reset, a few an hour per account."""
    stranger = make_user("stranger", confirmed=False)
    client.force_login(stranger)
    # Each tap counts as a first ask: the throttle is under test, not the minute between links
    # (tests/accounts/test_email_confirmation.py). Spread over minutes instead, the taps could
    # straddle the throttle's window, whose edge django-ratelimit places by the key.
    monkeypatch.setattr(confirmation, "RESEND_AFTER", 0)
    statuses = [client.post("/accounts/email/link/").status_code for _ in range(LIMIT + 3)]
    assert statuses == [302] * LIMIT + [429] * 3
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
        ("/accounts/email/", {"email": "new@example.org", "password": "wrong"}),
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
