"""Journey: the EU/UK AK regimen's assessment, at phone and desktop size. A plan whose first
course (4 weeks) and 4 weeks off are over shows its assessment date and two results; "not
cleared" adds the second course, which the list and the calendar then show. Also: the region
in Settings puts the EU/UK regimens first on the plan form."""

import datetime as dt

import pytest
from conftest import (
    ARTIFACTS,
    check_accessibility,
    check_no_horizontal_scroll,
    check_words_whole,
    screenshot,
)
from journeys import log_in
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from planner.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def checked(page, name: str) -> None:
    check_accessibility(page)
    if page.viewport_size["width"] < 500:
        check_no_horizontal_scroll(page)
    screenshot(page, name)


@pytest.mark.parametrize("size", ["phone", "page"])
def test_not_cleared_at_the_assessment_adds_the_second_course(request, size, settings):
    settings.TIME_ZONE = "UTC"
    page = request.getfixturevalue(size)
    user = make_user("assessed")
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday() + 63)  # a Monday 9 weeks back
    plan = make_plan(
        user,
        "aldara-ak-eu",
        start_date=start,
        weekdays=("mon", "wed", "fri"),
        timezone="UTC",
        application_time=dt.time(21, 30),
    )
    due = start + dt.timedelta(days=56)
    log_in(page, "assessed", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/")

    card = page.locator("#assessment")
    heading = f"Assessment: {due:%a} {due.day} {due:%b %Y}"
    expect(card.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("All 12 applications")).to_be_visible()
    checked(page, f"assessment-due-{size}")

    # The assessment's day in its month's calendar, a month the course itself may not reach.
    page.goto(f"/plans/{plan.public_id}/calendar/{due.year}-{due.month}/")
    cell = page.locator("td.assessment")
    assert cell.locator(".day").inner_text() == str(due.day)
    assert "Assess\u00adment" in cell.inner_text()
    check_words_whole(page)  # a phone's cell is narrow: it breaks at the soft hyphen only
    checked(page, f"assessment-month-{size}")
    page.goto(f"/plans/{plan.public_id}/")

    # Without the tick the browser asks for it and nothing is recorded.
    card.get_by_role("button", name="Not cleared: add the second course").click()
    assert Plan.objects.get(pk=plan.pk).assessment_result == ""
    card.get_by_label("Yes, I have had the assessment: record this result").check()
    card.get_by_role("button", name="Not cleared: add the second course").click()
    page.get_by_text("Recorded as not cleared: the second course runs from").wait_for()
    plan.refresh_from_db()
    assert (plan.assessment_result, plan.sessions.count()) == ("not-cleared", 24)
    expect(card.get_by_text("not cleared").first).to_be_visible()
    checked(page, f"assessment-recorded-{size}")

    # The second course in the list: applications 13 to 24, from today on.
    page.get_by_text("All 24 applications").click()
    second = page.locator("#session-13")
    second.scroll_into_view_if_needed()
    assert second.is_visible() and page.locator("#session-24").count() == 1
    assert "Planned" in page.locator("#session-24").inner_text()
    # Its heading row, on one line across the list (a phone's rows are grids).
    heading = page.locator("tr.course-start th")
    assert heading.inner_text() == "Second course"
    row, list_box = heading.bounding_box(), page.locator("#applications tbody").bounding_box()
    assert row["height"] < 50 and row["width"] > list_box["width"] * 0.9
    # ... and in the calendar, whose months now reach the second course's end.
    page.get_by_text("Calendar:").click()
    last_month = page.locator("table.month").last
    last_month.scroll_into_view_if_needed()
    assert f"{plan.end_date:%B}" in page.locator("#calendar").inner_text()
    checked(page, f"assessment-second-course-{size}")
    # Close-ups of what changed, readable beside the long full-page shot.
    last_month.screenshot(path=str(ARTIFACTS / f"assessment-last-month-{size}.png"))
    page.locator("#applications tbody").screenshot(
        path=str(ARTIFACTS / f"assessment-list-{size}.png")
    )


@pytest.mark.parametrize("size", ["phone", "page"])
def test_the_region_in_settings_puts_its_regimens_first(request, size):
    page = request.getfixturevalue(size)
    make_user("european")
    log_in(page, "european", PASSWORD)
    page.goto("/accounts/profile/")
    page.select_option("#id_region", "eu-uk")
    page.click("button:has-text('Save settings')")
    page.get_by_text("Settings saved.").wait_for()
    page.goto("/plans/new/")
    first = page.locator("#id_regimen option").first
    assert first.inner_text() == "EU/UK label · Aldara 5%: Actinic keratosis"
    assert page.locator("#id_regimen").input_value() == "aldara-ak-eu"
    checked(page, f"assessment-region-plan-form-{size}")
    page.goto("/regimens/aldara-ak-eu/")
    expect(
        page.get_by_text("Label: EU/UK: summary of product characteristics (SmPC).")
    ).to_be_visible()
    checked(page, f"assessment-regimen-page-{size}")
