"""Logging in gives an account without a time zone this browser's (a hidden field that
planner/static/planner/timezone.js fills), as sign-up does. Accounts made before sign-up kept
the zone, or by the admin or with scripts off, otherwise had the server's zone (UTC) for a
new plan's first day: in Los Angeles after 16:00 the form offered tomorrow and skipped tonight.
A zone already set is never changed by logging in from elsewhere: a trip is not a move."""

import datetime as dt

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import PASSWORD, make_user
from planner.accounts.models import Profile
from regimens.zones import available_zone_names

pytestmark = pytest.mark.usefixtures("catalogue")
LA_AFTERNOON = dt.datetime(2026, 3, 6, 0, 30, tzinfo=dt.UTC)  # Thu 5 Mar, 16:30 in Los Angeles


def log_in(client, user, **more):
    data = {"username": user.username, "password": PASSWORD, **more}
    return client.post("/accounts/login/", data, follow=True)


def test_the_form_has_a_hidden_field_for_the_browser_s_zone(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'type="hidden" name="timezone"' in body and "data-tz" in body
    assert "planner/timezone" in body  # the script that fills it


def test_an_account_without_a_zone_takes_the_browser_s_and_is_told(client, owner):
    assert not Profile.objects.filter(user=owner).exists()
    response = log_in(client, owner, timezone="America/Los_Angeles")
    assert response.wsgi_request.user == owner
    assert Profile.objects.get(user=owner).timezone == "America/Los_Angeles"
    assert "Your time zone is now America/Los_Angeles, this browser&#x27;s" in (
        response.content.decode()
    )


def test_a_browser_in_oslo_gives_oslo_not_the_zone_iana_merged_it_into(client, owner):
    response = log_in(client, owner, timezone="Europe/Oslo")
    assert Profile.objects.get(user=owner).timezone == "Europe/Oslo"
    assert "Your time zone is now Europe/Oslo" in response.content.decode()


def test_an_empty_profile_zone_is_filled_and_the_rest_kept(client, owner):
    Profile.objects.create(user=owner, bedtime=dt.time(22, 15), region="eu")
    log_in(client, owner, timezone="Asia/Tokyo")
    profile = Profile.objects.get(user=owner)
    assert (profile.timezone, profile.bedtime, profile.region) == (
        "Asia/Tokyo",
        dt.time(22, 15),
        "eu",
    )


@pytest.mark.parametrize("kept", ["", "us"])
def test_a_zone_taken_at_log_in_chooses_an_unset_region_as_sign_up_does(client, owner, kept):
    """Paris: EU/UK labels first, unless the person already chose a region."""
    Profile.objects.create(user=owner, region=kept)
    page = " ".join(log_in(client, owner, timezone="Europe/Paris").content.decode().split())
    assert Profile.objects.get(user=owner).region == (kept or "eu-uk")
    assert ("EU/UK labels are listed first" in page) == (not kept)
    assert "Your time zone is now Europe/Paris, this browser&#x27;s" in page


def test_a_zone_already_set_is_never_changed_by_logging_in_elsewhere(client, owner):
    Profile.objects.create(user=owner, timezone="Europe/London")
    response = log_in(client, owner, timezone="Asia/Tokyo")
    assert response.wsgi_request.user == owner
    assert Profile.objects.get(user=owner).timezone == "Europe/London"
    assert "Your time zone is now" not in response.content.decode()


@pytest.mark.parametrize("sent", ["", "Mars/Olympus_Mons", "x" * 500, "../../etc", "UTC\x00"])
def test_no_zone_or_a_wrong_one_logs_in_and_sets_nothing(client, owner, sent):
    response = log_in(client, owner, timezone=sent)
    assert response.wsgi_request.user == owner
    assert not Profile.objects.filter(user=owner).exclude(timezone="").exists()


def test_a_wrong_password_sets_nothing(client, owner):
    client.post(
        "/accounts/login/", {"username": owner.username, "password": "nope", "timezone": "UTC"}
    )
    assert not Profile.objects.filter(user=owner).exists()


@time_machine.travel(LA_AFTERNOON, tick=False)
def test_then_a_new_plan_starts_tonight_where_the_person_is(client, owner):
    log_in(client, owner, timezone="America/Los_Angeles")
    body = client.get("/plans/new/?regimen=aldara-ak").content.decode()
    assert 'name="start_date" value="2026-03-05"' in body  # not the 6th, UTC's date


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(zone=st.one_of(st.text(max_size=80), st.sampled_from(["Asia/Tokyo", "london", "UTC"])))
def test_whatever_zone_is_sent_the_log_in_works_and_keeps_only_a_real_zone(client, db, zone):
    user = make_user("fuzzed")
    try:
        response = log_in(client, user, timezone=zone)
        assert response.status_code == 200 and response.wsgi_request.user == user
        kept = set(Profile.objects.filter(user=user).values_list("timezone", flat=True))
        assert kept <= {"", *available_zone_names()}
    finally:
        client.logout()
        user.delete()


def test_someone_already_logged_in_goes_on_to_today_or_next(client, owner):
    client.force_login(owner)
    assert client.get("/accounts/login/")["Location"] == "/today/"
    assert client.get("/accounts/login/?next=/plans/")["Location"] == "/plans/"
    assert client.get("/accounts/login/?next=https://evil.example/")["Location"] == "/today/"


def test_another_site_cannot_learn_from_that_redirect_who_is_logged_in(client, owner, settings):
    """Django's warning for redirect_authenticated_user: another site's <img> of
    /accounts/login/?next=<an image here> loads only for someone logged in, which would tell it
    that its visitor uses this planner. Browsers send no SameSite=Lax cookie with another site's
    images, so that request is always anonymous and gets the log-in page."""
    response = log_in(client, owner)
    session_cookie = response.client.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["samesite"] in ("Lax", "Strict")
