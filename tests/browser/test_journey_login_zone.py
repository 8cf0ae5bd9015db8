"""Journey: an account made without a time zone (before sign-up kept the browser's, or by
the admin) logs in from Chromium in Auckland, far from the server's UTC. The log-in gives it
this browser's zone and says so, and a new plan then starts on Auckland's date, not UTC's."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from conftest import DESKTOP, PHONE, check_accessibility, new_page, screenshot
from django.contrib.auth import get_user_model
from journeys import PASSWORD, log_in

from planner.accounts.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
ZONE = "Pacific/Auckland"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_an_account_without_a_zone_takes_the_browser_s_at_log_in(browser, live_server, size):
    get_user_model().objects.create_user("zoneless", "z@example.org", PASSWORD)
    context, page = new_page(
        browser, live_server, PHONE if size == "phone" else DESKTOP, timezone_id=ZONE
    )
    log_in(page, "zoneless")
    page.get_by_text(f"Your time zone is now {ZONE}, this browser's.").wait_for()
    assert Profile.objects.get().timezone == ZONE
    check_accessibility(page)
    screenshot(page, f"login-zone-today-{size}")

    page.goto("/plans/new/?regimen=aldara-ak")
    assert page.input_value("#id_timezone") == ZONE
    at = dt.time.fromisoformat(page.input_value("#id_application_time"))
    now = dt.datetime.now(ZoneInfo(ZONE))
    tonight = now.date() if now.time() < at else now.date() + dt.timedelta(days=1)
    assert page.input_value("#id_start_date") == tonight.isoformat()
    context.close()
