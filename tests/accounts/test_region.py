"""The person's region (Settings): which label's regimens the plan form offers first, and that
every choice names its jurisdiction."""

import datetime as dt
import json
import re

import pytest
import time_machine

from planner.accounts.models import Profile
from planner.plans.models import Plan

pytestmark = pytest.mark.usefixtures("catalogue")
EU_SLUGS = ["aldara-ak-eu", "aldara-egw-eu", "aldara-sbcc-eu"]
US_SLUGS = ["aldara-ak", "aldara-egw", "aldara-sbcc", "zyclara-ak-2-5", "zyclara-ak-3-75"]


def regimen_choices(client) -> list[tuple[str, str]]:
    body = client.get("/plans/new/").content.decode()
    select = re.search(r'<select name="regimen".*?</select>', body, re.S).group(0)
    return re.findall(r'<option value="([a-z0-9-]+)"[^>]*>([^<]*)</option>', select)


def test_settings_save_the_region(client, owner):
    client.force_login(owner)
    body = client.get("/accounts/profile/").content.decode()
    assert "Region whose labels to list first" in body
    assert '<option value="" selected>Not set (US labels first)</option>' in body
    response = client.post("/accounts/profile/", {"timezone": "", "bedtime": "", "region": "eu-uk"})
    assert response.status_code == 302
    assert Profile.objects.get(user=owner).region == "eu-uk"


def test_settings_refuse_an_unknown_region(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/profile/", {"region": "mars"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Profile.objects.filter(user=owner, region="mars").exists()


def test_the_export_holds_the_region(client, owner):
    Profile.objects.create(user=owner, region="eu-uk")
    client.force_login(owner)
    assert json.loads(client.get("/accounts/data.json").content)["profile"]["region"] == "eu-uk"


def test_without_a_region_the_us_labels_come_first_each_naming_its_label(client, owner):
    client.force_login(owner)
    choices = regimen_choices(client)
    assert [slug for slug, _ in choices] == [*US_SLUGS, "zyclara-egw", *EU_SLUGS]
    labels = dict(choices)
    assert labels["aldara-ak"] == "US label · Aldara 5%: Actinic keratosis"
    assert labels["aldara-ak-eu"] == "EU/UK label · Aldara 5%: Actinic keratosis"


def test_an_eu_or_uk_region_puts_the_smpc_regimens_first_and_preselects_the_first(client, owner):
    Profile.objects.create(user=owner, region="eu-uk")
    client.force_login(owner)
    choices = regimen_choices(client)
    assert [slug for slug, _ in choices] == [*EU_SLUGS, *US_SLUGS, "zyclara-egw"]
    body = client.get("/plans/new/").content.decode()
    assert '<option value="aldara-ak-eu" selected>' in body
    assert re.search(r'value="wed"[^>]* checked', body)  # the EU AK rule's Mon, Wed, Fri


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_an_eu_ak_plan_is_made_with_three_days_a_week_for_four_weeks(client, owner):
    client.force_login(owner)
    data = {
        "regimen": "aldara-ak-eu",
        "start_date": "2026-03-02",
        "weekdays": ["mon", "wed", "fri"],
        "application_time": "21:30",
        "timezone": "Europe/London",
        "create": "1",
    }
    assert client.post("/plans/new/", data).status_code == 302
    plan = Plan.objects.get(user=owner)
    assert (plan.sessions.count(), plan.end_date) == (12, dt.date(2026, 3, 29))


def test_the_region_page_needs_a_login(client):
    assert client.get("/accounts/profile/").status_code == 302
