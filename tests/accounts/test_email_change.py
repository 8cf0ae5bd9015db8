"""The account's email address: shown and changed in Settings, with the password; an account
without one (made by `createsuperuser` or the demo) is told where to add it."""

import pytest
from django.contrib.auth import get_user_model

from factories import PASSWORD, make_user

EMAIL_PAGE = "/accounts/email/"
# Valid to EmailField, but longer than the column's 254 characters.
TOO_LONG = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"


def email_of(user) -> str:
    return get_user_model().objects.values_list("email", flat=True).get(pk=user.pk)


def test_settings_show_the_address_and_link_to_its_page(client, owner):
    client.force_login(owner)
    page = client.get("/accounts/profile/").content.decode()
    assert "owner@example.org" in page and f'href="{EMAIL_PAGE}"' in page


def test_the_address_changes_with_the_password(client, owner):
    client.force_login(owner)
    page = client.get(EMAIL_PAGE).content.decode()
    assert 'value="owner@example.org"' in page  # the form starts from the address it has
    response = client.post(EMAIL_PAGE, {"email": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert email_of(owner) == "new@example.org"
    assert "Your email address is now new@example.org." in client.get("/accounts/profile/").text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "new@example.org", "password": "wrong"}, "That is not your password."),
        ({"email": "new@example.org"}, "This field is required."),
        ({"email": "not an address", "password": PASSWORD}, "Enter a valid email address."),
        ({"email": "", "password": PASSWORD}, "This field is required."),
        ({"email": TOO_LONG, "password": PASSWORD}, "at most 254 characters"),
    ],
)
def test_a_refused_change_says_why_and_keeps_the_address(client, owner, data, error):
    client.force_login(owner)
    response = client.post(EMAIL_PAGE, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "Now owner@example.org." in page  # what is stored, not what was typed
    assert email_of(owner) == "owner@example.org"


def test_the_page_needs_a_login(client, db):
    response = client.post(EMAIL_PAGE, {"email": "x@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_reminders_tell_an_account_without_an_address_where_to_add_one(client, db):
    user = make_user("noemail", email="")
    client.force_login(user)
    page = client.get("/reminders/").content.decode()
    assert "Your account has no email address" in page and f'href="{EMAIL_PAGE}"' in page
    assert "None yet" in client.get(EMAIL_PAGE).content.decode()
