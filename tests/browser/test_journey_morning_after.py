"""Journey: the morning after a night applied on time and not ticked. At 05:20 in New York
(server in UTC, browser in Tokyo) Today calls Thursday's 21:30 night "last night", and one
tap records it at its planned time, so the wash-off stays at 05:30, which Today and the plan
page then give as the step still to do."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from conftest import DESKTOP, PHONE, check_accessibility, new_page, screenshot
from journeys import log_in

from factories import PASSWORD, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
NEW_YORK = ZoneInfo("America/New_York")
MORNING = dt.datetime(2026, 3, 6, 5, 20, tzinfo=NEW_YORK)  # Friday; Thursday's night at 21:30


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_last_night_done_at_its_planned_time(browser, live_server, settings, size):
    settings.TIME_ZONE = "UTC"
    user = make_user(f"morning-{size}")
    plan = make_plan(user, timezone="America/New_York", application_time=dt.time(21, 30))
    night = plan.sessions.get(date=dt.date(2026, 3, 5))
    viewport = PHONE if size == "phone" else DESKTOP
    context, page = new_page(browser, live_server, viewport, timezone_id="Asia/Tokyo")
    with time_machine.travel(MORNING, tick=False):
        log_in(page, user.username, PASSWORD)
        card = page.locator("section.today")
        text = " ".join(card.inner_text().split())
        assert "Last night at 21:30, wash off at Fri 6 Mar, 05:30." in text
        assert "Tonight" not in text
        buttons = card.locator(".actions").first.locator("button").all_inner_texts()
        # The night's own time first: "Done now" at 05:20 would keep the cream on to 13:20.
        assert buttons == ["Done at 21:30", "Done now", "Missed", "Rest last night"]
        check_accessibility(page)
        screenshot(page, f"morning-after-today-{size}")

        card.get_by_role("button", name="Done at 21:30").click()
        page.get_by_text(f"(application {night.number}): done at 21:30.").wait_for()
        night.refresh_from_db()
        assert (night.status, night.done_at) == ("done", None)
        assert night.wash_off_at == MORNING.replace(minute=30)
        still = "Still to do at 05:30 (Fri): wash it off with mild soap and water"
        assert still in " ".join(card.inner_text().split())  # ten minutes left

        page.goto(f"/plans/{plan.public_id}/")
        first = page.locator("#tonight")
        assert first.locator("h2").inner_text() == "Last night: done"
        assert "wash off at Fri 6 Mar, 05:30." in " ".join(first.inner_text().split())
        assert still in " ".join(first.inner_text().split())
        check_accessibility(page)
        screenshot(page, f"morning-after-plan-{size}")
    context.close()
