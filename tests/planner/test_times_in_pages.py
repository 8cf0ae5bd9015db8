"""Every page that shows times, through the test client with the server in UTC: for plans in
three zones, each across a clock change (tests/shown_times.py), every time shown is the
engine's instant read in the plan's zone. tests/browser/test_times_shown.py does the same in
Chromium with the browser in a fourth zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from shown_times import (
    SCENARIOS,
    allowed_times,
    check_times,
    crossing,
    engine_schedule,
    expected_nights,
    instants,
    make_scenario_plan,
    parse_times,
    plan_form_data,
)

from planner.templatetags import clock

pytestmark = pytest.mark.usefixtures("catalogue")
PREVIEW_ROWS = 6  # planner.plans.views.PREVIEW_SESSIONS


@pytest.fixture(params=SCENARIOS, ids=str)
def scenario(request, settings):
    settings.TIME_ZONE = "UTC"
    with time_machine.travel(request.param.now, tick=False):
        yield request.param


@pytest.fixture
def plan(scenario, owner, client):
    client.force_login(owner)
    return make_scenario_plan(owner, scenario)


def page_url(name: str, plan, scenario) -> str:
    base = f"/plans/{plan.public_id}/"
    year, month = scenario.month
    return {
        "today": "/today/",
        "plan list": "/plans/",
        "plan": base,
        "month": f"{base}calendar/{year}-{month}/",
        "print sheet": f"{base}print/",
        "side-effect log": f"{base}log/",
        "report": f"{base}report/",
    }[name]


def required(name: str, nights, scenario) -> set[dt.datetime]:
    """What each page must show at least."""
    tonight = next(n for n in nights if n.date == scenario.now.date())
    not_recorded = nights[1]  # the Saturday before, still "planned"
    return {
        "today": {tonight.apply_at, tonight.wash_off_at, not_recorded.apply_at},
        "plan": instants(nights),
        "month": {n.wash_off_at for n in nights if (n.date.year, n.date.month) == scenario.month},
        "print sheet": {t for n in nights for t in (n.apply_at, n.wash_off_at)},
    }.get(name, set())


def made_on(scenario) -> str:
    """The report's own time: when it was made, in the plan's zone."""
    now = scenario.now.astimezone(scenario.tz)
    return f"Made on {now.day} {now:%b %Y, %H:%M} ({scenario.zone})"


@pytest.mark.parametrize(
    "name",
    ["today", "plan list", "plan", "month", "print sheet", "side-effect log", "report"],
)
def test_every_time_a_page_shows_is_the_engine_s_in_the_plan_s_zone(client, plan, scenario, name):
    nights = expected_nights(plan, scenario)
    response = client.get(page_url(name, plan, scenario))
    assert response.status_code == 200
    times, text = parse_times(response.content.decode())
    if name == "report":
        assert made_on(scenario) in " ".join(text.split())
        text = " ".join(text.split()).replace(made_on(scenario), "")
    check_times(
        times, text, scenario.tz, allowed_times(plan, nights), required(name, nights, scenario)
    )


def test_the_preview_shows_the_engine_s_times_in_the_zone_chosen(client, plan, scenario):
    """The page where times were once wrong: 21:30 in New York previewed as 02:30."""
    response = client.post("/plans/new/", plan_form_data(scenario))
    assert response.status_code == 200
    preview = engine_schedule(scenario, start=scenario.now.date()).sessions[:PREVIEW_ROWS]
    shown = {t for s in preview for t in (s.apply_at, s.wash_off_at)}
    times, text = parse_times(response.content.decode())
    assert len(times) == 2 * PREVIEW_ROWS
    assert f"Times in {scenario.zone}, the plan's time zone." in " ".join(text.split())
    check_times(times, text, scenario.tz, shown, shown)


def test_each_plan_has_a_night_on_the_skin_across_the_clock_change(plan, scenario):
    """A guard on the scenarios: the month page and the preview both show that night."""
    night = crossing(expected_nights(plan, scenario))
    assert (night.date.year, night.date.month) == scenario.month
    preview = engine_schedule(scenario, start=scenario.now.date()).sessions[:PREVIEW_ROWS]
    assert night.apply_at in {s.apply_at for s in preview}
    elapsed = night.wash_off_at.astimezone(dt.UTC) - night.apply_at.astimezone(dt.UTC)
    wall = night.wash_off_at.replace(tzinfo=None) - night.apply_at.replace(tzinfo=None)
    assert elapsed == dt.timedelta(hours=8) != wall


def test_the_stored_nights_are_the_engine_s(plan, scenario):
    stored = {s.number: (s.apply_at, s.wash_off_at, s.done_at) for s in plan.sessions.all()}
    expected = {
        n.number: (n.apply_at, n.wash_off_at, n.done_at) for n in expected_nights(plan, scenario)
    }
    assert stored == expected


def test_today_calls_tonight_tonight_in_the_plan_s_zone_and_the_log_its_date(
    client, plan, scenario
):
    """At 19:00 in New York it is already tomorrow in UTC: the server's date is not the plan's."""
    local = scenario.now.astimezone(scenario.tz)
    assert "Tonight" in client.get("/today/").content.decode()
    log = client.get(f"/plans/{plan.public_id}/log/").content.decode()
    assert f"Log {local:%a} {local.day} {local:%b}<" in log


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"])
def test_the_clock_filters_write_the_instant_with_the_zone_s_offset(zone):
    instant = dt.datetime(2026, 3, 4, 2, 30, 15, tzinfo=dt.UTC)
    local = instant.astimezone(ZoneInfo(zone))
    with timezone.override(zone):
        shown = [clock.hm(instant), clock.day_hm(instant), clock.weekday_hm(instant)]
    stamp = local.isoformat(timespec="seconds")
    assert shown == [
        f'<time datetime="{stamp}">{local:%H:%M}</time>',
        f'<time datetime="{stamp}">{local:%a} {local.day} {local:%b}, {local:%H:%M}</time>',
        f'<time datetime="{stamp}">{local:%a %H:%M}</time>',
    ]
    assert clock.hm(None) == clock.day_hm(None) == clock.weekday_hm(None) == ""
