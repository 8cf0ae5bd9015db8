"""A password change tells the account's confirmed address: if someone using an open session
changed it, the owner hears of it and can take the account back with a reset link, which
goes to that address. An unconfirmed address (perhaps a stranger's) is told nothing."""

import pytest
from django.core import mail

from factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
NEW = "a new and long passphrase 4"


def change_password(client, user):
    client.force_login(user)
    data = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    return client.post("/accounts/password_change/", data, follow=True)


def test_the_confirmed_address_is_told_with_the_way_back(client, owner):
    page = change_password(client, owner).content.decode()
    [notice] = mail.outbox
    assert notice.to == ["owner@example.org"]
    assert "password" in notice.subject.lower()
    assert "/accounts/password_reset/" in notice.body
    assert NEW not in notice.body
    assert "We told owner@example.org about the change." in page
    assert 'href="/accounts/profile/"' in page.split("<main")[1]  # back to Settings
    owner.refresh_from_db()
    assert owner.check_password(NEW)


def test_an_unconfirmed_address_is_told_nothing(client):
    person = make_user("fresh", confirmed=False)
    page = change_password(client, person).content.decode()
    assert mail.outbox == []
    assert "We told" not in page


def test_a_mail_server_that_is_down_still_changes_the_password(client, owner, mail_server_down):
    response = change_password(client, owner)
    assert response.status_code == 200
    assert "could not be sent just now" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(NEW)
