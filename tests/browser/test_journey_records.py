"""Journey: honest records on the plan page, at phone and desktop size. Nights nobody ticked
show as "not recorded" in the summary, the calendar and the list, and can still be recorded;
the summary gives nights done out of nights due; rest periods cannot overlap, and a future one
can be removed."""

import datetime as dt

import pytest
from conftest import check_accessibility, screenshot
from journeys import log_in
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from planner.plans.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


@pytest.mark.parametrize("size", ["phone", "page"])
def test_unrecorded_nights_adherence_and_rest_periods(request, size, settings):
    settings.TIME_ZONE = "UTC"
    page = request.getfixturevalue(size)
    user = make_user("honest")
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday() + 14)  # a Monday two weeks back
    plan = make_plan(user, start_date=start, timezone="UTC", application_time=dt.time(21, 30))
    now = dt.datetime.now(dt.UTC)
    past = list(plan.sessions.filter(wash_off_at__lte=now))  # due, and nobody recorded them
    log_in(page, "honest", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/")

    summary = page.locator(".adherence")
    assert f"Done so far: 0 of {len(past)} nights due" in summary.inner_text()
    assert not page.locator(".status-unrecorded").first.is_visible()  # folded until opened
    page.get_by_text("All 32 applications").click()
    rows = page.locator("tr", has=page.locator(".status-unrecorded"))
    assert rows.count() >= len(past)
    check_accessibility(page)
    screenshot(page, f"records-unrecorded-{size}")
    # The calendar shows this month; the first night's month is a link away.
    page.get_by_text("Calendar:").click()
    page.locator("#calendar nav").get_by_role("link", name=f"{past[0].date:%B %Y}").click()
    page.wait_for_url("**/calendar/**")
    assert "not recorded" in page.locator("table.month").inner_html()
    page.goto(f"/plans/{plan.public_id}/")
    page.get_by_text("All 32 applications").click()

    # A night nobody ticked can still be recorded.
    page.get_by_role("button", name=f"Mark application {past[0].number} done").click()
    page.get_by_text(f"(application {past[0].number}): done at ").wait_for()
    assert Session.objects.get(pk=past[0].pk).status == "done"
    assert f"Done so far: 1 of {len(past)}" in page.locator(".adherence").inner_text()

    # A rest period two weeks ahead; an overlapping one is refused; the first can be removed.
    # The form sits far down the page: its errors and its messages must be where the person
    # is looking once the page comes back.
    rest_start = start + dt.timedelta(days=28)  # the Monday two weeks ahead
    mark_rest(page, rest_start, 2, 0)
    expect(page.get_by_text("The last day cannot be before the first day.")).to_be_in_viewport()
    for first_day, last_day in ((0, 2), (1, 4)):
        mark_rest(page, rest_start, first_day, last_day)
        expect(page.locator(".messages")).to_be_in_viewport()
    page.get_by_text("That overlaps your rest from").wait_for()
    assert plan.rest_periods.count() == 1
    assert plan.sessions.filter(status="rest").count() == 1
    screenshot(page, f"records-rest-refused-{size}")
    page.get_by_role("button", name="Remove the rest from").click()
    removed = "Rest period removed; 1 application planned again."
    expect(page.locator(".message").get_by_text(removed)).to_be_in_viewport()
    assert plan.rest_periods.count() == 0
    assert not plan.sessions.filter(status="rest").exists()
    check_accessibility(page)


def mark_rest(page, monday: dt.date, first_day: int, last_day: int) -> None:
    page.fill("#id_first_day", (monday + dt.timedelta(days=first_day)).isoformat())
    page.fill("#id_last_day", (monday + dt.timedelta(days=last_day)).isoformat())
    page.click("button:has-text('Mark rest period')")
    page.wait_for_load_state()
