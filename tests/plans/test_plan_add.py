import datetime as dt
import json
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from planner.accounts.models import Profile
from planner.plans.forms import HoursInput
from planner.plans.models import Plan

URL = "/plans/new/"
pytestmark = pytest.mark.usefixtures("catalogue")


def form_data(**overrides):
    data = {
        "regimen": "aldara-ak",
        "start_date": "2026-03-02",
        "weekdays": ["mon", "thu"],
        "application_time": "21:30",
        "timezone": "Europe/London",
        "contact_hours": "8",
        "label": "left cheek",
        "create": "1",
    }
    data.update(overrides)
    return data


def test_it_sends_anonymous_users_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_it_prefills_the_rule_and_profile_defaults(client, owner):
    Profile.objects.create(user=owner, timezone="America/New_York", bedtime=dt.time(21, 15))
    client.force_login(owner)
    response = client.get(URL, {"regimen": "aldara-sbcc"})
    form = response.context["form"]
    assert form.initial["weekdays"] == ["mon", "tue", "wed", "thu", "fri"]
    assert form.initial["timezone"] == "America/New_York"
    assert form.initial["application_time"] == dt.time(21, 15)
    # The chosen rule's limits are the ones shown open beside the form.
    opened = response.content.decode().split('<details class="card" open>')[1]
    assert opened.split("</details>")[0].count("Superficial basal cell carcinoma") >= 1


@pytest.mark.parametrize("url", [URL, "/plans/new/prescribed/"])
@pytest.mark.parametrize(
    ("zone", "today"),
    [("Asia/Tokyo", "2026-12-05"), ("America/Los_Angeles", "2026-12-04"), ("", "2026-12-05")],
)
@time_machine.travel(dt.datetime(2026, 12, 4, 22, 30, tzinfo=dt.UTC), tick=False)
def test_the_first_day_offered_is_today_where_the_person_is(client, owner, url, zone, today):
    """The server runs in UTC: at 22:30 it is already Saturday morning in Tokyo, and a plan
    starting on Friday would start with a night already past. With no zone (the server's,
    UTC) Friday's 22:00, the regimen's time, has passed too: Saturday."""
    Profile.objects.create(user=owner, timezone=zone)
    client.force_login(owner)
    page = client.get(url).content.decode()
    assert f'name="start_date" value="{today}"' in page


@pytest.mark.parametrize("url", [URL, "/plans/new/prescribed/"])
@pytest.mark.parametrize(("clock", "first"), [("21:14", "2026-12-04"), ("21:15", "2026-12-05")])
def test_once_the_bedtime_has_passed_the_first_day_offered_is_tomorrow(
    client, owner, url, clock, first
):
    """A plan made after the evening's application time would start with that night over
    (Friday 4 December 2026, London, bedtime 21:15)."""
    Profile.objects.create(user=owner, timezone="Europe/London", bedtime=dt.time(21, 15))
    client.force_login(owner)
    at = dt.datetime.fromisoformat(f"2026-12-04T{clock}").replace(tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(at, tick=False):
        page = client.get(url).content.decode()
    assert f'name="start_date" value="{first}"' in page


def test_preview_shows_count_and_end_date_and_saves_nothing(client, owner):
    client.force_login(owner)
    response = client.post(URL, form_data(create="", preview="1"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "32 applications" in body
    assert "Sun 21 Jun 2026" in body
    assert not Plan.objects.exists()


def test_create_saves_the_plan_with_its_rule_version(client, owner):
    client.force_login(owner)
    response = client.post(URL, form_data())
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.public_id}/"
    assert plan.user == owner
    assert plan.rule.version == 1
    assert plan.sessions.count() == 32
    assert plan.end_date == dt.date(2026, 6, 21)
    first = plan.sessions.first()
    assert first.apply_at == dt.datetime(2026, 3, 2, 21, 30, tzinfo=dt.UTC)


def test_it_rejects_weekdays_too_close_together(client, owner):
    client.force_login(owner)
    response = client.post(URL, form_data(weekdays=["mon", "tue"]))
    assert response.status_code == 200
    assert "at least 3 days between applications" in str(
        response.context["form"].errors["weekdays"]
    )
    assert not Plan.objects.exists()


def test_empty_weekdays_take_the_rule_defaults(client, owner):
    client.force_login(owner)
    client.post(URL, form_data(weekdays=[]))
    assert Plan.objects.get().weekdays == "mon,thu"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Mars/Base", "Unknown time zone"),
        ("timezone", "../../etc/passwd", "Unknown time zone"),
        ("timezone", "EST", "type America/New_York if your clocks change"),
        ("timezone", "GMT", "type Europe/London if your clocks change"),
        ("contact_hours", "12", "between 6 and 10 hours"),
        ("start_date", "2026-02-30", "valid date"),
        ("start_date", "1900-01-01", "within 5 years"),
        ("application_time", "25:99", "valid time"),
        ("regimen", "made-up", "valid choice"),
        ("weekdays", ["funday"], "valid choice"),
    ],
)
def test_bad_input_gets_a_field_error_not_a_500(client, owner, field, value, message):
    client.force_login(owner)
    data = form_data(regimen="aldara-egw", weekdays=["mon", "wed", "fri"])
    data[field] = value
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors)
    assert not Plan.objects.exists()


def test_a_zone_typed_loosely_is_kept_by_its_iana_name(client, owner):
    client.force_login(owner)
    client.post(URL, form_data(timezone="new york"))
    assert Plan.objects.get().timezone == "America/New_York"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("calcutta", "Asia/Kolkata"),  # the name the preview speaks of, and the plan keeps
        ("Mars/Base", "Mars/Base"),  # refused: as typed, beside its error
    ],
)
def test_the_zone_field_shows_back_the_name_the_plan_keeps(client, owner, typed, shown):
    client.force_login(owner)
    response = client.post(URL, form_data(create="", preview="1", timezone=typed))
    [field] = re.findall(r'<input type="text" name="timezone" value="([^"]*)"', response.text)
    assert field == shown


@pytest.mark.parametrize("action", ["create", "preview"])
def test_a_missing_timezone_is_asked_for_not_taken_as_utc(client, owner, action):
    """A cleared field once previewed and saved the nights in UTC without a word: 21:30 in
    Kathmandu is 03:15 the next morning."""
    prescribed = {
        **form_data(timezone=""),
        **{"pattern": "weekly", "per_week": "2", "weeks": "4"},
    }
    client.force_login(owner)
    for url, data in ((URL, form_data(timezone="")), (f"{URL}prescribed/", prescribed)):
        data = {key: value for key, value in data.items() if key != "create"}
        response = client.post(url, {**data, action: "1"})
        assert response.status_code == 200
        assert response.context["form"].errors["timezone"] == [
            "Enter your time zone: the times of the plan are local to it."
        ]
    assert not Plan.objects.exists()


def test_only_approved_rule_versions_are_offered(client, owner):
    from regimens.models import RuleVersion

    RuleVersion.objects.filter(regimen__slug="aldara-sbcc").update(status="retired")
    client.force_login(owner)
    response = client.get(URL)
    slugs = [value for value, _ in response.context["form"].fields["regimen"].choices]
    assert "aldara-sbcc" not in slugs
    response = client.post(URL, form_data(regimen="aldara-sbcc", weekdays=[]))
    assert "valid choice" in str(response.context["form"].errors["regimen"])


def test_it_requires_csrf(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(URL, form_data()).status_code == 403


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"])
def test_the_preview_shows_the_engine_s_times_in_the_plan_s_zone(client, owner, settings, zone):
    """The server runs in UTC; each time on the page must be the engine's, read in the zone
    the person chose (21:30 in New York, not 02:30)."""
    settings.TIME_ZONE = "UTC"
    client.force_login(owner)
    body = client.post(URL, form_data(create="", preview="1", timezone=zone)).content.decode()
    schedule = preview_of(zone)
    for session in schedule.sessions[:6]:
        for instant in (session.apply_at, session.wash_off_at):
            local = instant.astimezone(ZoneInfo(zone))
            assert f"{local:%a} {local.day} {local:%b}, {local:%H:%M}" in body
    assert "21:30" in body


def preview_of(zone: str):
    from factories import approved_rule
    from planner.plans.services import preview

    return preview(
        rule=approved_rule("aldara-ak"),
        start_date=dt.date(2026, 3, 2),
        weekdays=["mon", "thu"],
        application_time=dt.time(21, 30),
        timezone=zone,
        contact_hours=8,
    )


def test_the_allowed_contact_hours_show_beside_the_field(client, owner):
    client.force_login(owner)
    body = client.get(URL, {"regimen": "aldara-egw"}).content.decode()
    assert "This regimen: 6 to 10 hours (8 if unsure)." in body
    assert "This regimen: 8 hours." in client.get(URL, {"regimen": "aldara-ak"}).content.decode()


def test_the_page_carries_each_regimen_s_usual_days_for_its_script(client, owner):
    client.force_login(owner)
    body = client.get(URL).content.decode()
    data = json.loads(body.split('id="regimen-defaults" type="application/json">')[1].split("<")[0])
    assert data["aldara-sbcc"]["weekdays"] == ["mon", "tue", "wed", "thu", "fri"]
    assert data["aldara-egw"]["hint"] == "This regimen: 6 to 10 hours (8 if unsure)."


@pytest.mark.parametrize("slug", ["aldara-ak", "zyclara-ak-3-75"])
def test_the_hours_field_shows_hours_as_people_write_them(client, owner, slug):
    client.force_login(owner)
    page = client.get(f"/plans/new/?regimen={slug}").content.decode()
    field = re.search(r'<input[^>]*name="contact_hours"[^>]*>', page).group()
    assert 'value="8"' in field and "8.00" not in field


@pytest.mark.parametrize(("hours", "shown"), [("10", "10"), ("7.5", "7.5"), ("12.25", "12.25")])
def test_typed_hours_are_shown_back_as_typed(hours, shown):
    assert HoursInput().format_value(Decimal(hours).quantize(Decimal("0.01"))) == shown


def test_the_time_field_says_what_an_empty_one_means(client, owner):
    """Left empty, the preview shows the regimen's usual time: the field says so first."""
    client.force_login(owner)
    page = client.get(URL).content.decode()
    assert "Shortly before your sleeping hours; left empty, the regimen&#x27;s usual time." in page
    data = {key: value for key, value in form_data(application_time="").items() if key != "create"}
    response = client.post(URL, {**data, "preview": "1"})
    assert ">Mon 2 Mar, 22:00</time>" in response.content.decode()  # aldara-ak's 22:00
