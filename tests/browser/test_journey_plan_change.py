"""Journey: a trip to New York from next Monday. On a phone and on a desktop, change a London
plan's time and zone from that day with a preview first, see the new times on the plan page
beside the old ones, then delete the plan."""

import datetime as dt

import pytest
from conftest import DESKTOP, PHONE, check_accessibility, check_no_horizontal_scroll, screenshot
from journeys import last_monday, log_in
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from planner.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def next_monday() -> dt.date:
    return last_monday() + dt.timedelta(days=7)


def check(page, name: str) -> None:
    check_accessibility(page)
    if page.viewport_size["width"] < 500:
        check_no_horizontal_scroll(page)
    screenshot(page, name)


def row_text(page, plan: Plan, date: dt.date) -> str:
    """A night's row in the list of applications (folded away on a phone: read, not seen)."""
    number = plan.sessions.get(date=date).number
    return " ".join(page.locator(f"#session-{number}").text_content().split())


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_change_the_time_and_zone_from_next_week_then_delete_the_plan(
    browser, live_server, settings, size
):
    settings.TIME_ZONE = "UTC"
    viewport = PHONE if size == "phone" else DESKTOP
    user = make_user(f"traveller-{size}")
    start = last_monday(2)
    plan = make_plan(user, start_date=start, application_time=dt.time(21, 30))
    context = browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    log_in(page, user.username, PASSWORD)

    page.goto(f"/plans/{plan.public_id}/")
    page.get_by_role("link", name="Change this plan").click()
    page.wait_for_url("**/change/")
    assert page.input_value("#id_timezone") == "Europe/London"
    assert page.input_value("#id_application_time") == "21:30"
    check(page, f"plan-change-{size}")

    page.fill("#id_from_date", next_monday().isoformat())
    page.fill("#id_application_time", "22:15")
    page.fill("#id_timezone", "America/New_York")
    page.click("button:has-text('Preview')")
    preview = page.locator("#preview-heading").locator("xpath=..")
    preview.wait_for()
    expect(page.locator("#preview-heading")).to_be_in_viewport()  # not below the form, unseen
    assert f"From {next_monday():%a} {next_monday().day} {next_monday():%b %Y}" in (
        preview.inner_text()
    )
    assert "22:15" in preview.inner_text() and "21:30" in preview.inner_text()
    check(page, f"plan-change-{size}-preview")

    preview.get_by_role("button", name="Save changes").click()  # no scrolling back to the form
    page.wait_for_url(f"**/plans/{plan.public_id}/")  # the preview's "#preview-heading" not carried
    page.get_by_text("Plan changed from").wait_for()
    assert "21:30" in row_text(page, plan, start)  # in London, as it was
    assert "22:15" in row_text(page, plan, next_monday())  # in New York from that day
    history = page.locator("#history-heading").locator("xpath=..")
    history.locator("summary").click()
    assert "Changed from" in history.inner_text()
    assert "zone Europe/London to America/New_York" in history.inner_text()
    check(page, f"plan-change-{size}-saved")

    page.get_by_role("link", name="Delete this plan").click()
    page.wait_for_url("**/delete/")
    page.click("button:has-text('Delete this plan')")  # the box not ticked: refused
    page.get_by_text("Tick the box to confirm").wait_for()
    assert Plan.objects.filter(pk=plan.pk).exists()
    check(page, f"plan-delete-{size}")
    page.check("#id_confirm")
    page.click("button:has-text('Delete this plan')")
    page.wait_for_url("**/plans/")
    page.get_by_text("Plan deleted").wait_for()
    assert not Plan.objects.filter(pk=plan.pk).exists()
    check(page, f"plan-deleted-{size}")
    context.close()
