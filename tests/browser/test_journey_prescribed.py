"""A plan as the clinician prescribed, on a phone and a desktop: from the plan form's link,
two applications a day and 12 hours on the skin are refused naming each limit (nothing is
saved); Aldara 5% for AK three times a week for 4 weeks is previewed with the label rules it
departs from, made, and its page says it follows the clinician's instructions."""

import pytest
from conftest import check_accessibility, check_no_horizontal_scroll, screenshot
from journeys import last_monday, sign_up
from playwright.sync_api import expect

from planner.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
DEPARTURES = ("3 times a week (the US AK label says 2)", "4 weeks (the US AK label says 16)")


def fill(page, *, per_week: str, weekdays: tuple[str, ...], hours: str) -> None:
    page.select_option("#id_regimen", "aldara-ak")
    page.fill("#id_start_date", last_monday().isoformat())
    page.check("input[name=pattern][value=weekly]")
    page.fill("#id_per_week", per_week)
    for box in page.locator("input[name=weekdays]").all():
        box.set_checked(box.get_attribute("value") in weekdays)
    page.fill("#id_weeks", "4")
    page.fill("#id_application_time", "21:30")
    page.fill("#id_timezone", "Europe/London")
    page.fill("#id_contact_hours", hours)


@pytest.mark.parametrize("size", ["phone", "page"])
def test_a_clinicians_schedule_within_the_limits_and_past_them(request, size):
    page = request.getfixturevalue(size)
    sign_up(page, f"prescribed{size}")
    page.goto("/plans/new/")
    page.get_by_role("link", name="My clinician prescribed something else").click()
    page.wait_for_url("**/plans/new/prescribed/")

    check_pattern_fields(page)
    fill(page, per_week="14", weekdays=(), hours="12")
    page.click("button:has-text('Preview')")
    beside = page.locator("#id_per_week_error")  # each message beside its field
    beside.get_by_text("Aldara 5% is used at most once a day").wait_for()
    expect(beside.get_by_text("at most 7 applications a week (you entered 14)")).to_be_visible()
    hours = page.locator("#id_contact_hours_error")
    assert hours.get_by_text(
        "Aldara 5% stays on for at most 10 hours: you entered 12."
    ).is_visible()
    # The errors lie below the first screen on a phone: a summary in sight names and links them.
    summary = page.get_by_role("alert").filter(has_text="Not previewed")
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link", name="Hours before washing off").click()
    expect(page.locator("#id_contact_hours")).to_be_focused()
    assert not Plan.objects.exists()
    check_accessibility(page)
    check_no_horizontal_scroll(page)
    screenshot(page, f"prescribed-refused-{size}")

    fill(page, per_week="3", weekdays=("mon", "wed", "fri"), hours="8")
    page.click("button:has-text('Preview')")
    page.get_by_text("12 applications").wait_for()
    expect(page.locator("#preview-heading")).to_be_in_viewport()  # not below the form, unseen
    for text in DEPARTURES:
        expect(page.locator("ul.departures li", has_text=text)).to_be_visible()
    assert not Plan.objects.exists()
    check_accessibility(page)
    check_no_horizontal_scroll(page)
    screenshot(page, f"prescribed-preview-{size}")

    preview = page.locator("#preview-heading").locator("xpath=..")
    preview.get_by_role("button", name="Create plan").click()  # no scrolling back to the form
    page.wait_for_url("**/plans/*-*/")
    notice = page.locator("#prescribed")
    expect(notice.get_by_text("This plan follows your clinician's instructions")).to_be_visible()
    for text in DEPARTURES:
        expect(notice.locator("li", has_text=text)).to_be_visible()
    assert Plan.objects.get().sessions.count() == 12
    check_accessibility(page)
    check_no_horizontal_scroll(page)
    screenshot(page, f"prescribed-plan-{size}")


def check_pattern_fields(page) -> None:
    """Only the chosen pattern's fields show: how many a week and which days, or how many days
    apart."""
    weekly = (page.locator("#id_per_week"), page.get_by_role("group", name="Days of the week"))
    interval = page.locator("#id_every_days")
    page.check("input[name=pattern][value=interval]")
    assert interval.is_visible() and not any(field.is_visible() for field in weekly)
    page.check("input[name=pattern][value=weekly]")
    assert all(field.is_visible() for field in weekly) and not interval.is_visible()
