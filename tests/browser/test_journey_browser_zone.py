"""Journey: Chromium in Kolkata reports its zone by the old name, Asia/Calcutta, which the
sign-up form sends. Settings and the plan keep the current name, Asia/Kolkata, so Today
speaks of one zone, the person's own, and names none."""

import datetime as dt

import pytest
from conftest import DESKTOP, PHONE, new_page, screenshot
from journeys import sign_up

from planner.accounts.models import Profile
from planner.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_an_old_zone_name_from_the_browser_is_kept_by_its_current_name(browser, live_server, size):
    context, page = new_page(
        browser, live_server, PHONE if size == "phone" else DESKTOP, timezone_id="Asia/Kolkata"
    )
    sign_up(page, "kolkata")  # the form sends the zone as Chromium reports it
    page.get_by_text("Your time zone is Asia/Kolkata, this browser's.").wait_for()
    assert Profile.objects.get().timezone == "Asia/Kolkata"
    assert page.input_value("#id_timezone") == "Asia/Kolkata"
    screenshot(page, f"browser-zone-welcome-{size}")

    page.goto("/plans/new/?regimen=aldara-ak")
    page.fill("#id_start_date", dt.date.today().isoformat())
    assert page.input_value("#id_timezone") == "Asia/Kolkata"  # from Settings
    page.get_by_role("button", name="Create plan").click()
    page.wait_for_url("**/plans/*-*/")
    assert Plan.objects.get().timezone == "Asia/Kolkata"

    page.goto("/today/")
    card = page.locator("main").inner_text()
    # At noon UTC (the browser tests' clock) it is 17:30 in Kolkata, on the server's date: the
    # first night is tonight on a Monday or Thursday (the AK days), a later one otherwise;
    # either way in the account's zone, so no "Times in".
    first = Plan.objects.get().sessions.order_by("number").first()
    tonight = first.date == dt.date.today()
    assert ("Tonight at 22:00" if tonight else "Next:") in card and "Times in" not in card
    screenshot(page, f"browser-zone-today-{size}")
    context.close()
