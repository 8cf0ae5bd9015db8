"""A refused form says so where a screen reader hears it: the page's title starts with
"Error:", a summary at the top is an alert that takes the focus and links each mistake to
its field, and each field names its own error (aria-describedby)."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("catalogue")


def squeezed(response) -> str:
    return " ".join(response.content.decode().split())


def summary(body: str) -> str:
    found = re.search(r'<div class="error-summary"[^>]*>.*?</div>', body)
    assert found, "no error summary"
    return found[0]


def test_a_wrong_password_is_an_alert_that_takes_the_focus(client, owner):
    body = squeezed(client.post("/accounts/login/", {"username": "owner", "password": "wrong"}))
    assert "<title>Error: Log in · Imiquimod Planner</title>" in body
    said = summary(body)
    assert 'role="alert"' in said and 'tabindex="-1"' in said and "autofocus" in said
    assert "Not logged in: please check" in said
    assert "Please enter a correct username and password." in said
    assert body.count("Please enter a correct username and password.") == 1  # not again below
    # The first autofocus on the page is the summary's, not the username's.
    assert body.index("autofocus") == body.index(said) + said.index("autofocus")


def test_sign_up_lists_each_mistake_linked_to_its_field(client, db):
    form = {"username": "", "email": "bad", "password1": "a", "password2": "b"}
    body = squeezed(client.post("/accounts/signup/", form))
    assert "<title>Error: Sign up" in body
    said = summary(body)
    assert '<a href="#id_email">Email</a>: Enter a valid email address.' in said
    assert '<a href="#id_username">Username</a>: This field is required.' in said
    assert 'aria-describedby="id_email_helptext id_email_error"' in body


def test_a_page_without_a_mistake_has_no_summary_and_a_plain_title(client, db):
    body = squeezed(client.get("/accounts/login/"))
    assert 'class="error-summary"' not in body
    assert "<title>Log in · Imiquimod Planner</title>" in body


def test_the_reader_choice_s_error_is_tied_to_its_group(client, db):
    body = squeezed(client.post("/reader/", {}))
    fieldset = re.search(r"<fieldset[^>]*>", body)[0]
    assert 'aria-describedby="id_reader_error"' in fieldset
    assert 'id="id_reader_error"' in body and "Choose one of the three, then Show." in body
