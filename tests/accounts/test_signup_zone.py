"""Sign-up keeps the browser's time zone (a hidden field that planner/static/planner/timezone.js
fills), so that a new plan's first day is today where the person is from the start. Before, a
person who went from sign-up straight to a plan had the server's zone (UTC): in Los Angeles
after 16:00 the form offered tomorrow and skipped tonight."""

import datetime as dt

import pytest
import time_machine

from factories import PASSWORD
from planner.accounts.models import Profile

pytestmark = pytest.mark.usefixtures("catalogue")
LA_AFTERNOON = dt.datetime(2026, 3, 6, 0, 30, tzinfo=dt.UTC)  # Thu 5 Mar, 16:30 in Los Angeles


def sign_up(client, **more):
    data = {"username": "newbie", "email": "n@example.org", "password1": PASSWORD}
    return client.post("/accounts/signup/", {**data, "password2": PASSWORD, **more})


def test_the_form_has_a_hidden_field_for_the_browser_s_zone(client):
    body = client.get("/accounts/signup/").content.decode()
    assert 'type="hidden" name="timezone"' in body and "data-tz" in body
    assert "planner/timezone" in body  # the script that fills it


def test_the_browser_s_zone_is_kept_and_the_welcome_names_it(client):
    response = sign_up(client, timezone="America/Los_Angeles")
    assert response.status_code == 302
    assert Profile.objects.get(user__username="newbie").timezone == "America/Los_Angeles"
    page = client.get(response["Location"]).content.decode()
    assert "Your time zone is America/Los_Angeles, this browser&#x27;s" in page


@pytest.mark.parametrize(
    "sent", ["", "Mars/Olympus_Mons", "x" * 500, "../../etc", "UTC\x00", "Etc/GMT+5", "EST"]
)
def test_no_zone_or_a_wrong_one_is_left_unset_without_an_error(client, sent):
    response = sign_up(client, timezone=sent)
    assert response.status_code == 302
    assert not Profile.objects.filter(user__username="newbie").exclude(timezone="").exists()
    assert "Set your time zone" in client.get(response["Location"]).content.decode()


@time_machine.travel(LA_AFTERNOON, tick=False)
def test_then_a_new_plan_starts_tonight_where_the_person_is(client):
    sign_up(client, timezone="America/Los_Angeles")
    body = client.get("/plans/new/?regimen=aldara-ak").content.decode()
    assert 'name="start_date" value="2026-03-05"' in body  # not the 6th, UTC's date


@pytest.mark.parametrize(
    "zone, region",
    [
        ("Europe/Berlin", "eu-uk"),
        ("Europe/London", "eu-uk"),
        ("Atlantic/Canary", "eu-uk"),  # Spain's islands, outside the Europe/ area
        ("Atlantic/Reykjavik", "eu-uk"),  # a link to Africa/Abidjan, which no region lists
        ("America/Chicago", ""),  # the US labels, first anyway
        ("Asia/Tokyo", ""),  # no region lists its labels for there: the first one's first
        ("", ""),
    ],
)
def test_the_browser_s_zone_chooses_the_region_whose_labels_come_first(client, zone, region):
    """A person signing up in Berlin was offered the US labels first, the 16-week AK course
    already chosen, where their cream's label (EU/UK) has a course of four weeks."""
    response = sign_up(client, timezone=zone)
    kept = Profile.objects.filter(user__username="newbie").values_list("region", flat=True)
    assert (kept.first() or "") == region
    page = " ".join(client.get(response["Location"]).content.decode().split())
    assert ("EU/UK labels are listed first" in page) == (region == "eu-uk")
    form = client.get("/plans/new/").content.decode()
    first = form.split('name="regimen"', 1)[1].split("</option>", 1)[0]
    assert ("EU/UK label" in first) == (region == "eu-uk")
