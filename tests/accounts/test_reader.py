"""The reader's choice in Settings: stored in the profile, shown on the education pages, and
worth more than a visitor's cookie once signed in."""

import pytest

from planner.accounts.models import Profile
from regimens.education import reader

pytestmark = pytest.mark.usefixtures("catalogue")


def save_settings(client, **values):
    return client.post("/accounts/profile/", {"timezone": "", "bedtime": "", **values})


def test_settings_offer_the_three_readers(client, owner):
    client.force_login(owner)
    body = client.get("/accounts/profile/").content.decode()
    assert "Word the education pages for" in body
    for label in ("I use the cream", "I care for someone who does", "healthcare professional"):
        assert label in body


def test_settings_save_the_reader_and_the_pages_follow_it(client, owner):
    client.force_login(owner)
    response = save_settings(client, reader="professional")
    assert response.status_code == 302
    assert Profile.objects.get(user=owner).reader == "professional"
    body = client.get("/regimens/about-imiquimod/").content.decode()
    assert "For healthcare professionals" in body


def test_settings_may_leave_the_reader_unchosen(client, owner):
    client.force_login(owner)
    assert save_settings(client, reader="").status_code == 302
    assert Profile.objects.get(user=owner).reader == ""
    assert "Which describes you?" in client.get("/questions/").content.decode()


def test_settings_refuse_another_reader(client, owner):
    client.force_login(owner)
    response = save_settings(client, reader="surgeon")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Profile.objects.filter(user=owner, reader="surgeon").exists()


@pytest.mark.parametrize("wanted", ["0", "today", "logout", "https://evil.example/"])
def test_a_way_back_that_is_not_a_path_on_this_site_goes_to_the_regimens(client, wanted):
    response = client.post("/reader/", {"reader": "carer", "next": wanted})
    assert response.status_code == 302 and response["Location"] == "/regimens/"
    assert reader.COOKIE in response.cookies  # the choice is kept all the same


def test_the_profiles_choice_wins_over_a_cookie_left_by_a_visitor(client, owner):
    client.post("/reader/", {"reader": "carer", "next": "/questions/"})  # before logging in
    Profile.objects.create(user=owner, reader="professional")
    client.force_login(owner)
    body = client.get("/questions/").content.decode()
    assert "Worded for: <strong>I&#x27;m a healthcare professional</strong>" in body


def test_a_visitors_cookie_words_the_pages_until_they_sign_in(client, owner):
    client.post("/reader/", {"reader": "carer", "next": "/questions/"})
    assert reader.COOKIE in client.cookies
    client.force_login(owner)  # no choice in the profile yet: the cookie still speaks
    assert "I care for someone who does</strong>" in client.get("/questions/").content.decode()


def test_the_data_download_includes_the_reader(client, owner):
    Profile.objects.create(user=owner, reader="carer")
    client.force_login(owner)
    assert client.get("/accounts/data.json").json()["profile"]["reader"] == "carer"
