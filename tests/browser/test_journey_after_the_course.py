"""Journey: the weeks after a course. Nine days after the AK course's last day, Today asks how
the skin settles; the day logged from there shows on the log's timeline, which runs on past the
course (server in UTC, browser in Tokyo, phone size)."""

import datetime as dt

import pytest
import time_machine
from conftest import PHONE, check_accessibility, new_page, screenshot
from journeys import log_in

from factories import PASSWORD, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def test_after_the_course_today_leads_to_logging_how_the_skin_settles(browser, live_server):
    user = make_user("settling")
    plan = make_plan(user)
    context, page = new_page(browser, live_server, PHONE, timezone_id="Asia/Tokyo")
    with time_machine.travel(dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC), tick=False):
        log_in(page, user.username, PASSWORD)
        card = page.locator("section[aria-labelledby=settling-heading]")
        assert "the log asks until Sun 19 Jul 2026" in " ".join(card.inner_text().split())
        check_accessibility(page)
        screenshot(page, "after-the-course-today-phone")
        card.get_by_role("link", name="Log today").click()
        page.wait_for_url(f"**/plans/{plan.public_id}/log/2026-06-30/")
        page.check("#id_erythema_1")
        page.fill("#id_note", "Still a little pink.")
        page.get_by_role("button", name="Save the log for Tue 30 Jun").click()
        page.get_by_text("Saved your log for Tue 30 Jun 2026.").wait_for()
        timeline = " ".join(page.locator("#timeline-heading + p").inner_text().split())
        assert timeline.startswith("From Mon 2 Mar 2026 to Tue 30 Jun 2026")
        assert page.locator("svg.timeline path.cell.g1[data-item=erythema]").count() == 1
        check_accessibility(page)
        screenshot(page, "after-the-course-log-phone")
    context.close()
