"""Journey: a plan at 01:30 in London whose course has the night the clocks skip 01:30
(Sunday 28 March 2027), at phone and desktop size, the browser in Asia/Tokyo. The list, the
month and the tick-sheet show that night at 02:30 and say why, without running off the page."""

import datetime as dt

import pytest
from conftest import (
    DESKTOP,
    PHONE,
    check_accessibility,
    check_no_horizontal_scroll,
    check_words_whole,
    new_page,
    screenshot,
)
from journeys import log_in
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from planner.plans.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
SAID = "Sun 28 Mar, 02:30 (no 01:30: clocks go forward)"


def checked(page, name: str) -> None:
    check_accessibility(page)
    if page.viewport_size["width"] < 500:
        check_no_horizontal_scroll(page)
        check_words_whole(page)
    screenshot(page, name)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_night_the_clocks_skip_its_time_says_why(browser, live_server, size):
    user = make_user("small-hours")
    plan = make_plan(
        user,
        "aldara-egw",
        weekdays=("tue", "fri", "sun"),
        application_time=dt.time(1, 30),
        start_date=dt.date(2027, 3, 26),
        timezone="Europe/London",
    )
    viewport = PHONE if size == "phone" else DESKTOP
    context, page = new_page(browser, live_server, viewport, timezone_id="Asia/Tokyo")
    log_in(page, "small-hours", PASSWORD)

    page.goto(plan.get_absolute_url())
    page.locator("#applications summary").click()
    expect(page.locator("#session-2")).to_contain_text(SAID)
    expect(page.locator("#session-3")).to_contain_text("Tue 30 Mar, 01:30")
    checked(page, f"clocks-skip-list-{size}")

    page.goto(f"{plan.get_absolute_url()}calendar/2027-3/")
    cell = page.locator("td", has=page.locator(".day", has_text="28")).first
    expect(cell).to_contain_text("no 01:30: clocks forward")
    checked(page, f"clocks-skip-month-{size}")

    # Done ten minutes late: the sheet says so too, the longest line it writes for a night.
    night = plan.sessions.get(number=2)
    done_at = night.apply_at + dt.timedelta(minutes=10)
    Session.objects.filter(pk=night.pk).update(status="done", done_at=done_at)
    page.goto(f"{plan.get_absolute_url()}print/")
    night = page.locator("ol.ticks li").nth(1)
    expect(night).to_contain_text("Sun 28 Mar, 02:30")
    expect(night).to_contain_text("(no 01:30: clocks go forward)")
    expect(night).to_contain_text("Done at 02:40")
    line, day = night.bounding_box(), night.locator(".d").bounding_box()
    for part in (".clocks", ".s"):
        box = night.locator(part).bounding_box()
        assert box["x"] + box["width"] <= line["x"] + line["width"] + 1  # inside its line
        # A part that wraps starts under the date, not under the tick box, where it would
        # read as a night of its own.
        assert box["x"] >= day["x"] - 1, part
    checked(page, f"clocks-skip-sheet-{size}")
    context.close()
