"""Account emails of someone with a discreet plan name no drug: a shared inbox that shows
"Skin treatment" reminders from "Planner" should not show "Reset your Imiquimod Planner
password". They use the reminders' neutral name and sender; everyone else's keep the site's."""

import re

import pytest
from django.conf import settings
from django.core import mail

from factories import PASSWORD, make_plan

pytestmark = pytest.mark.usefixtures("catalogue")
DRUG = re.compile(r"imiquimod|aldara|zyclara", re.IGNORECASE)


def whole(message) -> str:
    return "\n".join([message.subject, message.from_email, message.body])


def reset(client, user):
    client.post("/accounts/password_reset/", {"email": user.email})


def change_email(client, user):
    client.force_login(user)
    client.post("/accounts/email/", {"email": "new@example.org", "password": PASSWORD})


def change_password(client, user):
    client.force_login(user)
    new = "a new and long passphrase 4"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    client.post("/accounts/password_change/", data)


@pytest.mark.parametrize("send", [reset, change_email, change_password])
def test_a_discreet_plan_s_owner_gets_account_emails_that_name_no_drug(client, owner, send):
    make_plan(owner, discreet_titles=True)
    make_plan(owner, label="")  # one plan discreet is enough
    send(client, owner)
    assert mail.outbox
    for message in mail.outbox:
        assert not DRUG.search(whole(message)), whole(message)
        assert "Planner" in message.subject
        assert message.from_email == settings.REMINDERS_FROM_EMAIL


@pytest.mark.parametrize("send", [reset, change_email, change_password])
def test_everyone_else_gets_the_site_s_name(client, owner, send):
    make_plan(owner)
    send(client, owner)
    assert mail.outbox
    for message in mail.outbox:
        assert "Imiquimod Planner" in message.subject
        assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_the_address_confirmation_names_the_site_in_a_sentence_that_reads_well(client, owner):
    change_email(client, owner)
    link = next(m for m in mail.outbox if m.to == ["new@example.org"])
    text = " ".join(link.body.split())
    assert "as the email address of an account on Imiquimod Planner." in text
