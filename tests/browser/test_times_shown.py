"""Journey: the server in UTC, Chromium in Kolkata, and a plan in New York, London or Lord Howe
across a clock change (tests/shown_times.py). On every page that shows times, the Preview
included, each time the browser shows is the engine's instant read in the plan's zone; on Today
and the plan page, the note giving tonight on the device's clock reads it in Kolkata's."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from conftest import DESKTOP, check_accessibility, new_page, screenshot, visit
from journeys import log_in
from shown_times import (
    SCENARIOS,
    WEEKDAYS,
    allowed_times,
    check_time,
    check_times,
    engine_schedule,
    expected_nights,
    instants,
    make_scenario_plan,
)

from factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
BROWSER_ZONE = "Asia/Kolkata"  # +05:30, none of the plans' zones and not the server's
BROWSER_OFFSET = "new Date('2026-03-04T12:00:00Z').getTimezoneOffset()"
PREVIEW_ROWS = 6
# Each <time> as (datetime, the text the browser renders), and the text outside them; folded
# parts opened first, as a person opens them to read (closed, Chromium renders no text there).
# The note giving a night on the device's clock (.device-zone) is left out: see DEVICE_TIMES.
SHOWN = """() => {
  document.querySelectorAll("details:not([open])").forEach((d) => { d.open = true; });
  const times = [...document.querySelectorAll("time")].filter((t) => !t.closest(".device-zone"))
    .map((t) => [t.getAttribute("datetime") || "", t.innerText]);
  const skip = "time, script, style, template, .device-zone";
  const outside = (node) => node.parentElement.closest(skip)
    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, outside);
  const loose = [];
  while (walker.nextNode()) loose.push(walker.currentNode.data);
  return [times, loose.join(" ")];
}"""
# The times in the device-clock note shown (timezone.js), which are the browser zone's.
DEVICE_TIMES = """() => [...document.querySelectorAll(".device-zone:not([hidden]) time")].map(
  (t) => [t.getAttribute("datetime") || "", t.innerText])"""


@pytest.fixture
def kolkata(browser, live_server, transactional_db, settings):
    """A desktop browser whose own clock reads Kolkata time, against a server in UTC. The
    server's clock is pinned to a past date, so its cookies last as long as the browser."""
    settings.TIME_ZONE = "UTC"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    context, page = new_page(browser, live_server, DESKTOP, timezone_id=BROWSER_ZONE)
    yield page
    context.close()


def pages(plan, scenario) -> dict[str, str]:
    base = f"/plans/{plan.public_id}/"
    year, month = scenario.month
    return {
        "today": "/today/",
        "plans": "/plans/",
        "plan": base,
        "month": f"{base}calendar/{year}-{month}/",
        "print": f"{base}print/",
        "log": f"{base}log/",
        "report": f"{base}report/",
    }


def required(name: str, nights, scenario) -> set[dt.datetime]:
    tonight = next(n for n in nights if n.date == scenario.now.date())
    return {
        "today": {tonight.apply_at, tonight.wash_off_at, nights[1].apply_at},
        "plan": instants(nights),
        "month": {n.wash_off_at for n in nights if (n.date.year, n.date.month) == scenario.month},
        "print": {t for n in nights for t in (n.apply_at, n.wash_off_at)},
    }.get(name, set())


def without_made_on(text: str, scenario) -> str:
    """The report's own time (when it was made) is the server's now, in the plan's zone."""
    now = scenario.now.astimezone(scenario.tz)
    made_on = f"Made on {now.day} {now:%b %Y, %H:%M} ({scenario.zone})"
    text = " ".join(text.split())
    assert made_on in text
    return text.replace(made_on, "")


def check_device_times(page, name: str, nights, scenario) -> None:
    """Today and the plan page add tonight's times on the browser's clock (Kolkata's, none of
    the plans' zones): the engine's instants for that night, with Kolkata's offset and wall
    clock; nowhere else."""
    device_times = page.evaluate(DEVICE_TIMES)
    if name not in ("today", "plan"):
        assert device_times == [], "only Today and the plan page give the device's clock"
        return
    tonight = next(n for n in nights if n.date == scenario.now.date())
    kolkata = ZoneInfo(BROWSER_ZONE)
    shown = [
        check_time(a, t, kolkata, {tonight.apply_at, tonight.wash_off_at}) for a, t in device_times
    ]
    assert shown == [tonight.apply_at, tonight.wash_off_at]


def preview(page, scenario) -> None:
    """The plan form filled for the same plan from tonight, then Preview."""
    page.goto("/plans/new/")
    page.select_option("#id_regimen", "aldara-ak")
    page.fill("#id_start_date", scenario.now.date().isoformat())
    for box in page.locator("input[name=weekdays]").all():
        box.set_checked(box.get_attribute("value") in WEEKDAYS)
    page.fill("#id_application_time", "21:30")
    page.fill("#id_timezone", scenario.zone)
    page.click("button:has-text('Preview')")
    page.locator("#preview-heading").wait_for()


def check_preview_rows(page, scenario) -> None:
    """Row n of the Preview is the engine's night n, from the first day chosen."""
    sessions = engine_schedule(scenario, start=scenario.now.date()).sessions[:PREVIEW_ROWS]
    rows = page.locator("section[aria-labelledby=preview-heading] tbody tr")
    assert rows.count() == PREVIEW_ROWS
    for row, night in zip(rows.all(), sessions, strict=True):
        assert row.locator("td").first.inner_text() == str(night.number)
        apply, wash = row.locator("time").all()
        for cell, instant in ((apply, night.apply_at), (wash, night.wash_off_at)):
            attribute, text = cell.get_attribute("datetime"), cell.inner_text()
            assert check_time(attribute, text, scenario.tz, {instant}) == instant
    times, text = page.evaluate(SHOWN)
    everything = {t for s in sessions for t in (s.apply_at, s.wash_off_at)}
    check_times(times, text, scenario.tz, everything, everything)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_a_browser_elsewhere_sees_every_time_in_the_plan_s_zone(kolkata, scenario):
    page = kolkata
    slug = scenario.zone.split("/")[-1].lower()
    with time_machine.travel(scenario.now, tick=False):
        user = make_user(f"times-{slug}".replace("_", "-"))
        plan = make_scenario_plan(user, scenario)
        nights = expected_nights(plan, scenario)
        log_in(page, user.username, PASSWORD)
        assert page.evaluate(BROWSER_OFFSET) == -330  # minutes behind UTC: Kolkata's +05:30
        for name, path in pages(plan, scenario).items():
            visit(page, path, f"times-{slug}-{name}")
            times, text = page.evaluate(SHOWN)
            if name == "report":
                text = without_made_on(text, scenario)
            try:
                must = required(name, nights, scenario)
                check_times(times, text, scenario.tz, allowed_times(plan, nights), must)
                check_device_times(page, name, nights, scenario)
            except AssertionError as error:
                raise AssertionError(f"{name} page ({path}): {error}") from error
        preview(page, scenario)
        check_preview_rows(page, scenario)
        check_accessibility(page)
        screenshot(page, f"times-{slug}-preview")
