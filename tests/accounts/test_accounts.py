import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from factories import PASSWORD, make_plan


@pytest.mark.django_db
def test_signup_logs_in_and_asks_for_the_time_zone(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "newbie",
            "email": "n@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert get_user_model().objects.filter(username="newbie").exists()
    assert client.get("/plans/").status_code == 200


@pytest.mark.django_db
def test_signup_rejects_mismatched_passwords(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "newbie", "email": "n@example.org", "password1": PASSWORD, "password2": "x"},
    )
    assert response.status_code == 200
    assert not get_user_model().objects.exists()


def test_profile_saves_the_zone_and_bedtime(client, owner):
    client.force_login(owner)
    response = client.post(
        "/accounts/profile/", {"timezone": "Pacific/Auckland", "bedtime": "21:45"}
    )
    assert response.status_code == 302
    assert owner.profile.timezone == "Pacific/Auckland"


def test_settings_saved_before_any_plan_lead_on_to_making_one(client, owner, catalogue):
    """Sign-up leads to Settings; once they are saved, the next step is the first plan, which
    starts at the bedtime just set. Someone with a plan stays on Settings."""
    client.force_login(owner)
    typed = {"timezone": "Pacific/Auckland", "bedtime": "21:45"}
    response = client.post("/accounts/profile/", typed, follow=True)
    assert response.redirect_chain == [("/plans/new/", 302)]
    body = response.content.decode()
    assert "Settings saved. Now make your plan: it starts at your bedtime." in body
    assert 'name="application_time" value="21:45"' in body

    make_plan(owner)
    response = client.post("/accounts/profile/", typed)
    assert response["Location"] == "/accounts/profile/"


def test_profile_keeps_the_iana_name_of_a_zone_typed_loosely(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/profile/", {"timezone": "auckland", "bedtime": ""})
    assert response.status_code == 302
    assert owner.profile.timezone == "Pacific/Auckland"


def test_the_zone_help_text_s_own_example_is_kept_as_its_iana_name(client, owner):
    client.force_login(owner)
    assert "alone (Tokyo) will do" in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/profile/", {"timezone": "Tokyo"})
    owner.profile.refresh_from_db()
    assert owner.profile.timezone == "Asia/Tokyo"


def test_profile_keeps_a_country_s_own_zone_where_iana_merged_it(client, owner):
    """Europe/Oslo is a link to Europe/Berlin: the page still says Oslo."""
    client.force_login(owner)
    response = client.post("/accounts/profile/", {"timezone": "Europe/Oslo"}, follow=True)
    assert owner.profile.timezone == "Europe/Oslo"
    assert 'value="Europe/Oslo"' in response.content.decode()


def test_profile_rejects_an_unknown_zone(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/profile/", {"timezone": "Narnia/Castle", "bedtime": ""})
    assert response.status_code == 200
    assert "Unknown time zone" in response.content.decode()


def test_profile_needs_a_login(client):
    assert client.get("/accounts/profile/").status_code == 302


def test_login_and_logout(client, owner):
    assert (
        client.post("/accounts/login/", {"username": "owner", "password": PASSWORD}).status_code
        == 302
    )
    assert client.get("/plans/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/plans/").status_code == 302


def test_password_reset_sends_an_email_in_the_sites_words_whose_link_works(client, owner, settings):
    """Its link leads to SITE_URL, as every other email's does, not to the host the request
    named (one of several in ALLOWED_HOSTS, or a proxy's)."""
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "other.example.org"]
    response = client.post(
        "/accounts/password_reset/", {"email": owner.email}, HTTP_HOST="other.example.org"
    )
    assert response.status_code == 302
    [message] = mail.outbox
    # The site's name, not the server's host name ("Password reset on testserver").
    assert message.subject == "Reset your Imiquimod Planner password"
    assert "testserver team" not in message.body
    assert f"Hello {owner.username}," in message.body
    assert "within 3 days" in message.body
    assert message.body.rstrip().endswith("Educational aid, not medical advice.")
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "new_password1" in form.content.decode()
    new = {"new_password1": "n3w-Passw0rd!", "new_password2": "n3w-Passw0rd!"}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302
    credentials = {"username": owner.username, "password": "n3w-Passw0rd!"}
    assert Client().post("/accounts/login/", credentials).status_code == 302  # logged in


def test_password_change_needs_the_old_password(client, owner):
    client.force_login(owner)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "wrong",
            "new_password1": "n3w-Passw0rd!",
            "new_password2": "n3w-Passw0rd!",
        },
    )
    assert response.status_code == 200
    assert "incorrectly" in response.content.decode()


def test_the_home_page_and_every_page_carry_the_disclaimer(client, owner):
    for path in ("/", "/accounts/login/", "/accounts/signup/", "/regimens/"):
        assert "not medical advice" in client.get(path).content.decode()
