"""Journey: Settings hold Europe/London and the phone is set to Tokyo (the server in UTC). Each
form's time zone field says so under it and offers the device's zone with one tap (timezone.js),
which the person still saves; a device on London's clock, or on the same clock elsewhere
(Lisbon), is offered nothing, and the log-in form's hidden zone field shows nothing."""

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

from factories import PASSWORD, make_plan, make_user
from planner.accounts.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
OFFER = ".device-zone-offer"


def londoner():
    user = make_user("londoner")
    Profile.objects.create(user=user, timezone="Europe/London")  # logging in keeps it
    return user


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_each_zone_field_offers_the_device_s_zone(browser, live_server, settings, size):
    settings.TIME_ZONE = "UTC"
    plan = make_plan(londoner(), start_date=dt.date.today())  # a course that can change
    context, page = new_page(
        browser, live_server, PHONE if size == "phone" else DESKTOP, timezone_id="Asia/Tokyo"
    )
    page.goto("/accounts/login/")
    page.wait_for_load_state("load")
    assert page.locator(OFFER).count() == 0  # its zone field is hidden
    log_in(page, "londoner", PASSWORD)

    forms = ("/plans/new/", "/plans/new/prescribed/", f"{plan.get_absolute_url()}change/")
    for path in forms:
        page.goto(path)
        offer = page.locator(OFFER)
        offer.wait_for()
        assert offer.inner_text().startswith("This device is set to Asia/Tokyo.")
        assert page.input_value("#id_timezone") == "Europe/London"
    check_accessibility(page)

    page.goto("/accounts/profile/")
    page.get_by_role("button", name="Use Asia/Tokyo").click()
    assert page.input_value("#id_timezone") == "Asia/Tokyo"
    assert page.locator(OFFER).count() == 0
    assert Profile.objects.get().timezone == "Europe/London"  # nothing saved yet
    check_accessibility(page)
    check_no_horizontal_scroll(page)
    check_words_whole(page)
    screenshot(page, f"zone-offer-settings-{size}")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved").wait_for()
    assert Profile.objects.get().timezone == "Asia/Tokyo"

    page.goto("/plans/new/")  # the form now starts from Tokyo: nothing to offer
    page.wait_for_load_state("load")
    assert page.input_value("#id_timezone") == "Asia/Tokyo"
    assert page.locator(OFFER).count() == 0
    context.close()


@pytest.mark.parametrize("zone", ["Europe/London", "Europe/Lisbon"])
def test_a_device_on_the_same_clock_is_offered_nothing(browser, live_server, settings, zone):
    settings.TIME_ZONE = "UTC"
    londoner()
    context, page = new_page(browser, live_server, PHONE, timezone_id=zone)
    log_in(page, "londoner", PASSWORD)
    for path in ("/accounts/profile/", "/plans/new/"):
        page.goto(path)
        page.wait_for_load_state("load")  # deferred scripts have run by then
        assert page.locator(OFFER).count() == 0
    context.close()
