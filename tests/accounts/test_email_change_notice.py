"""An email change tells the address it replaces, when that address was confirmed: if someone
who knew the password changed it, the person still hears of it. The notice names neither the
new address nor any plan; an unconfirmed old address (perhaps a stranger's) gets nothing."""

import pytest
from django.core import mail

from factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
EMAIL_PAGE = "/accounts/email/"


def change(client, user, new="new@example.org"):
    client.force_login(user)
    return client.post(EMAIL_PAGE, {"email": new, "password": PASSWORD}, follow=True)


def test_the_confirmed_old_address_is_told_without_the_new_one(client, owner):
    page = change(client, owner).content.decode()
    link, notice = mail.outbox  # the link to the new address, the notice to the old one
    assert notice.to == ["owner@example.org"] and link.to == ["new@example.org"]
    assert "changed" in notice.subject.lower()
    assert "owner" in notice.body  # the account's name
    assert "new@example.org" not in notice.body + notice.subject
    assert "change your password" in notice.body.lower()
    assert "We told owner@example.org about the change." in page


def test_an_unconfirmed_old_address_is_told_nothing(client):
    person = make_user("fresh", confirmed=False)
    page = change(client, person).content.decode()
    assert [message.to for message in mail.outbox] == [["new@example.org"]]
    assert "We told" not in page


def test_going_back_to_the_confirmed_address_tells_no_one(client, owner):
    change(client, owner)
    mail.outbox.clear()
    page = change(client, owner, new="owner@example.org").content.decode()
    assert mail.outbox == []  # back to the confirmed one: no link needed, nobody to warn
    assert "We told" not in page


def test_a_mail_server_that_is_down_still_changes_the_address(client, owner, mail_server_down):
    response = change(client, owner)
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.email == "new@example.org"
    assert "could not be sent just now" in response.content.decode()
