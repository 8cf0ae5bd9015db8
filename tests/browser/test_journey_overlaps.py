"""Journey: a second AK course for the same cheek asks first; once confirmed, Today says the two
plans' creams would be on at once. At phone and desktop size."""

import datetime as dt

import pytest
from conftest import check_accessibility, screenshot
from journeys import fill_plan_form, log_in

from factories import PASSWORD, make_plan, make_user
from planner.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


@pytest.mark.parametrize("size", ["phone", "page"])
def test_a_second_course_for_the_same_area_asks_then_shows_the_overlap(request, size, settings):
    settings.TIME_ZONE = "UTC"
    page = request.getfixturevalue(size)
    user = make_user("twice")
    today = dt.date.today()
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    tonight = (days[today.weekday()], days[(today.weekday() + 3) % 7])
    make_plan(
        user,
        start_date=today,
        weekdays=tonight,
        timezone="Europe/London",
        application_time=dt.time(21, 30),
    )
    log_in(page, "twice", PASSWORD)

    fill_plan_form(page, start=today, weekdays=tonight, time="22:00")
    page.fill("#id_label", "Left cheek")
    page.click("button:has-text('Create plan')")
    warning = page.locator("#overlap")
    warning.get_by_text("This plan overlaps 1 active plan").wait_for()
    assert Plan.objects.count() == 1
    check_accessibility(page)
    screenshot(page, f"overlap-asks-{size}")

    page.get_by_label("Yes, make this plan alongside").check()
    page.click("button:has-text('Create plan')")
    page.wait_for_url("**/plans/*-*/")
    assert Plan.objects.count() == 2

    page.goto("/today/")
    notes = page.locator("section.today .warning")
    assert notes.count() == 2
    assert "the two are on the skin at the same time" in notes.first.inner_text()
    check_accessibility(page)
    screenshot(page, f"overlap-today-{size}")
