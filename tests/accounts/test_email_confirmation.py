"""An email address gets reminders only once its owner has opened a link sent to it: at sign-up,
after a change, or again from Settings and the Reminders page. The link works without logging
in, asks before it confirms (mail scanners fetch links), expires, and names one address."""

import datetime as dt
import logging
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from factories import PASSWORD, make_user
from planner.accounts.confirmation import confirm_url
from planner.accounts.models import ConfirmedEmail
from planner.logging import hide_tokens

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://\S+/accounts/email/confirm/\S+/")
SIGNUP = {"username": "newbie", "email": "n@example.org", "password1": PASSWORD}
SIGNUP["password2"] = PASSWORD
UNCONFIRMED = "is not confirmed yet"


def link_in(message) -> str:
    """The path of the one link in a confirmation email."""
    [url] = LINK.findall(message.body)
    return urlsplit(url).path


def confirmed(user) -> str | None:
    return ConfirmedEmail.objects.filter(user=user).values_list("email", flat=True).first()


def test_sign_up_mails_a_link_that_asks_then_confirms_without_logging_in(client):
    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    assert "We sent a link to n@example.org" in response.text
    [message] = mail.outbox
    assert message.to == ["n@example.org"] and "Confirm your email address" in message.subject
    assert "not medical advice" in message.body
    user = get_user_model().objects.get(username="newbie")
    assert confirmed(user) is None
    assert UNCONFIRMED in client.get("/reminders/").text
    path = link_in(message)
    client.logout()  # opened on another device: no session
    page = client.get(path)  # what a mail scanner does
    assert page.status_code == 200 and "Confirm this address" in page.text
    assert "<strong>n@example.org</strong>" in page.text
    assert confirmed(user) is None
    done = client.post(path)
    assert done.status_code == 200 and "Email address confirmed" in done.text
    assert confirmed(user) == "n@example.org"
    again = client.get(path)  # the link opened once more: it says so, and asks nothing
    assert "Email address confirmed" in again.text and "Confirm this address" not in again.text
    client.force_login(user)
    assert UNCONFIRMED not in client.get("/reminders/").text
    assert UNCONFIRMED not in client.get("/accounts/profile/").text


def test_a_changed_address_needs_its_own_link_and_the_old_link_does_nothing(client, owner):
    client.force_login(owner)
    old = mail.outbox[:]
    client.post("/accounts/email/", {"email": "new@example.org", "password": PASSWORD})
    message, _ = mail.outbox[len(old) :]  # the link, then the old address's notice
    assert message.to == ["new@example.org"]
    owner.refresh_from_db()
    assert confirmed(owner) == "owner@example.org"  # the old one, no longer the account's
    assert UNCONFIRMED in client.get("/accounts/profile/").text
    owner.email = "owner@example.org"  # a link made for it, as if mailed before the change
    stale = urlsplit(confirm_url(owner)).path
    assert client.get(stale).status_code == 410
    refused = client.post(stale)
    assert refused.status_code == 410 and "is no longer this account" in refused.text
    assert confirmed(owner) == "owner@example.org"
    assert client.post(link_in(message)).status_code == 200
    assert confirmed(owner) == "new@example.org"


def test_changing_back_to_the_confirmed_address_sends_nothing(client, owner):
    client.force_login(owner)
    client.post("/accounts/email/", {"email": "new@example.org", "password": PASSWORD})
    sent = len(mail.outbox)
    client.post("/accounts/email/", {"email": "owner@example.org", "password": PASSWORD})
    assert len(mail.outbox) == sent
    assert UNCONFIRMED not in client.get("/accounts/profile/").text


def test_an_expired_link_is_refused_and_a_new_one_can_be_sent(client):
    client.post("/accounts/signup/", SIGNUP)
    path = link_in(mail.outbox[-1])
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=3, minutes=1)):
        refused = client.post(path)
    assert refused.status_code == 410 and "expired" in refused.text
    user = get_user_model().objects.get(username="newbie")
    assert confirmed(user) is None
    response = client.post("/accounts/email/link/", {"next": "/reminders/"})
    assert response.status_code == 302 and response["Location"] == "/reminders/"
    assert client.post(link_in(mail.outbox[-1])).status_code == 200
    assert confirmed(user) == "n@example.org"


@pytest.mark.parametrize("token", ["junk", "e30:1vX:abc", "x" * 300])
def test_a_token_that_is_not_one_is_refused_for_everyone(client, owner, token):
    for _ in ("anonymous", "owner"):
        response = client.post(f"/accounts/email/confirm/{token}/")
        assert response.status_code == 400 and "not valid" in response.text
        client.force_login(owner)
    assert confirmed(owner) == "owner@example.org"


def test_a_link_for_an_account_since_deleted_or_deactivated_is_refused(client):
    client.post("/accounts/signup/", SIGNUP)
    path = link_in(mail.outbox[-1])
    get_user_model().objects.filter(username="newbie").update(is_active=False)
    assert client.post(path).status_code == 410
    get_user_model().objects.filter(username="newbie").delete()
    assert client.get(path).status_code == 410
    assert not ConfirmedEmail.objects.exists()


@pytest.mark.parametrize("wanted", ["0", "today", "logout"])
def test_a_way_back_that_is_not_a_path_goes_to_the_profile(client, owner, wanted):
    client.force_login(owner)
    response = client.post("/accounts/email/link/", {"next": wanted})
    assert response["Location"] == "/accounts/profile/"


def test_send_again_mails_only_an_unconfirmed_address_and_stays_on_the_site(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/email/link/", {"next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/profile/"
    assert "owner@example.org is already confirmed." in response.text
    assert mail.outbox == []
    stranger = make_user("stranger", confirmed=False)
    client.force_login(stranger)
    page = client.get("/accounts/profile/").text
    assert UNCONFIRMED in page and 'action="/accounts/email/link/"' in page
    client.post("/accounts/email/link/", {"next": "/accounts/profile/"})
    assert [m.to for m in mail.outbox] == [["stranger@example.org"]]


def test_a_double_tap_on_send_again_sends_one_link(client):
    """The second tap within a minute says the link is on its way instead of mailing another;
    a minute later it sends one again (the first may have been lost)."""
    stranger = make_user("stranger", confirmed=False)
    client.force_login(stranger)
    start = dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.post("/accounts/email/link/")
        second = client.post("/accounts/email/link/", follow=True)
    assert len(mail.outbox) == 1
    assert "We sent a link to stranger@example.org a moment ago" in second.text
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        client.post("/accounts/email/link/")
    assert len(mail.outbox) == 2


def test_send_again_needs_a_log_in(client):
    response = client.post("/accounts/email/link/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert mail.outbox == []


def test_a_mail_server_that_is_down_is_said_not_a_500(client, mail_server_down):
    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    assert response.status_code == 200
    assert "could not be sent just now" in response.text
    assert get_user_model().objects.filter(username="newbie").exists()


def test_the_token_never_reaches_a_log(client, caplog):
    client.post("/accounts/signup/", SIGNUP)
    path = link_in(mail.outbox[-1])
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert token not in hide_tokens(f"GET {path} 200")
    client.logout()
    with caplog.at_level(logging.INFO):
        client.post(path[:-2] + "x/")  # a 400: Django logs "Bad Request: <path>"
    assert caplog.records and all(token[:-2] not in r.getMessage() for r in caplog.records)


def test_the_data_export_says_which_address_was_confirmed(client, owner):
    client.force_login(owner)
    account = client.get("/accounts/data.json").json()["account"]
    assert account["email_confirmed"]["email"] == "owner@example.org"
