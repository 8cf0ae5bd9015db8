"""Log-in lock-outs cannot be turned against the owner: failures count per client address,
taken behind the proxy from the address it appends (never from what a client forges), and a
completed password reset lifts them. The test client plays the proxy: REMOTE_ADDR is the
proxy's, X-Forwarded-For what it passes on."""

import re

import pytest
from django.core import mail

from factories import PASSWORD

PROXY = "127.0.0.1"
OWNER, ATTACKER = "203.0.113.7", "198.51.100.66"


@pytest.fixture
def behind_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]


def log_in(client, password, forwarded=None):
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    data = {"username": "owner", "password": password}
    return client.post("/accounts/login/", data, headers=headers, REMOTE_ADDR=PROXY)


def fail_until_locked(client, settings, forwarded=None):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong", forwarded)
    assert log_in(client, PASSWORD, forwarded).status_code == 429


def test_an_attacker_s_failures_never_lock_the_owner_out(client, owner, settings, behind_proxy):
    fail_until_locked(client, settings, forwarded=ATTACKER)
    assert log_in(client, PASSWORD, forwarded=OWNER).status_code == 302


def test_a_forged_address_is_not_believed(client, owner, settings, behind_proxy):
    """The attacker claims to be the owner's address; the proxy appends the real one."""
    fail_until_locked(client, settings, forwarded=f"{OWNER}, {ATTACKER}")
    assert log_in(client, PASSWORD, forwarded=OWNER).status_code == 302
    client.logout()  # logged in, the log-in page would only send the owner on to Today
    assert log_in(client, PASSWORD, forwarded=f"{OWNER}, {ATTACKER}").status_code == 429


def test_without_a_proxy_the_header_is_never_read(client, owner, settings):
    """Changing X-Forwarded-For on every try does not dodge the lock-out."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong", forwarded=f"192.0.2.{n}")
    assert log_in(client, PASSWORD, forwarded="192.0.2.99").status_code == 429


def test_a_completed_password_reset_lifts_the_lock(client, owner, settings, behind_proxy):
    fail_until_locked(client, settings, forwarded=ATTACKER)
    fail_until_locked(client, settings, forwarded=OWNER)
    client.post("/accounts/password_reset/", {"email": owner.email})
    link = re.search(r"/accounts/reset/\S+/", mail.outbox[-1].body).group(0)
    form_url = client.get(link)["Location"]
    new = {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"}
    assert client.post(form_url, new).status_code == 302
    for address in (OWNER, ATTACKER):
        client.logout()
        assert log_in(client, "a brand new passphrase", forwarded=address).status_code == 302
