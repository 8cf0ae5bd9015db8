"""Journey: a traveller whose plan is in London opens Today and the plan page on a phone whose
clock is on Tokyo time (the server in UTC). The card's times stay London's; a note under its
buttons names that zone and gives tonight's times on the device's clock, the engine's instants
read in Tokyo, with a link to change the plan's zone, whose form offers Tokyo's. A device on
London's clock, or on another zone with the same clock that day (Lisbon), sees no note."""

import datetime as dt
from zoneinfo import ZoneInfo

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
from shown_times import check_time

from factories import PASSWORD, make_plan, make_user
from planner.accounts.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
LONDON = ZoneInfo("Europe/London")


def plan_with_a_night_tonight(user):
    """An AK plan in London whose nights include today there (the browser tests' server clock
    is midday UTC, so tonight's 22:00 is still to come)."""
    today = dt.datetime.now(LONDON).date()
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    weekdays = (days[today.weekday()], days[(today.weekday() + 3) % 7])
    return make_plan(user, start_date=today, weekdays=weekdays, timezone="Europe/London")


def notes(page):
    return page.locator(".device-zone")


def shown_note(page, instants: set[dt.datetime]) -> tuple[str, list[dt.datetime]]:
    """The first card's note once timezone.js shows it: its words, and the instants of its
    times, each checked to be one of `instants` written on Tokyo's clock."""
    note = notes(page).first
    note.wait_for()
    text = " ".join(note.inner_text().split())
    assert text.startswith("The times on this card are in Europe/London. ")
    tokyo = ZoneInfo("Asia/Tokyo")
    times = note.locator("time").all()
    return text, [
        check_time(t.get_attribute("datetime"), t.inner_text(), tokyo, instants) for t in times
    ]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_device_on_another_zone_gets_tonight_on_its_own_clock(
    browser, live_server, settings, size
):
    settings.TIME_ZONE = "UTC"
    user = make_user("traveller")
    Profile.objects.create(user=user, timezone="Europe/London")  # logging in keeps it
    plan = plan_with_a_night_tonight(user)
    night = plan.sessions.get(date=dt.datetime.now(LONDON).date())
    viewport = PHONE if size == "phone" else DESKTOP
    context, page = new_page(browser, live_server, viewport, timezone_id="Asia/Tokyo")
    log_in(page, "traveller", PASSWORD)

    for path in ("/today/", plan.get_absolute_url()):
        page.goto(path)
        text, shown = shown_note(page, {night.apply_at, night.wash_off_at})
        assert "This device is set to Asia/Tokyo: there, apply at " in text
        assert shown == [night.apply_at, night.wash_off_at]
        # The card itself keeps London's times: 22:00 there is 07:00 or 06:00 in Tokyo.
        assert f"{night.apply_at.astimezone(LONDON):%H:%M}" == "22:00"
        link = notes(page).first.get_by_role("link", name="Change the plan's time zone")
        assert (
            link.get_attribute("href") == f"{plan.get_absolute_url()}change/?timezone=Asia%2FTokyo"
        )
        check_accessibility(page)
        check_no_horizontal_scroll(page)
        check_words_whole(page)
        screenshot(page, f"device-zone-{size}-{'today' if path == '/today/' else 'plan'}")

    # Staying there: the link's form offers the device's zone; previewed and saved, tonight
    # is 22:00 in Tokyo, named as the plan's zone is no longer the one in Settings, and the
    # device's clock agrees with the card, so no note.
    page.goto("/today/")
    page.get_by_role("link", name="Change the plan's time zone").click()
    page.wait_for_url(f"**{plan.get_absolute_url()}change/?timezone=Asia%2FTokyo")
    assert page.input_value("#id_timezone") == "Asia/Tokyo"
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("New times in Asia/Tokyo").wait_for()
    screenshot(page, f"device-zone-{size}-change-preview")
    page.get_by_role("region", name="Preview").get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**{plan.get_absolute_url()}")
    page.goto("/today/")
    card = " ".join(page.locator("section.today").inner_text().split())
    assert "Tonight at 22:00, wash off at" in card and "Times in Asia/Tokyo." in card
    page.wait_for_load_state("load")
    assert notes(page).is_hidden()
    night.refresh_from_db()
    assert night.apply_at == dt.datetime.combine(night.date, dt.time(22), ZoneInfo("Asia/Tokyo"))
    screenshot(page, f"device-zone-{size}-after-change")
    context.close()


@pytest.mark.parametrize("zone", ["Europe/London", "Europe/Lisbon"])
def test_a_device_on_the_plan_s_clock_gets_no_note(browser, live_server, settings, zone):
    settings.TIME_ZONE = "UTC"
    user = make_user("at-home")
    plan = plan_with_a_night_tonight(user)
    context, page = new_page(browser, live_server, PHONE, timezone_id=zone)
    log_in(page, "at-home", PASSWORD)
    for path in ("/today/", plan.get_absolute_url()):
        page.goto(path)
        page.wait_for_load_state("load")  # deferred scripts have run by then
        assert notes(page).count() == 1 and notes(page).is_hidden()
    context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_night_applied_on_another_clock_gives_its_wash_off_on_that_clock(
    browser, live_server, settings, size
):
    """Tapped Done on the trip, the card says when it was applied and when to wash it off in
    the plan's zone; the note gives both on the device's clock, the wash-off counted from the
    tap. A night marked missed has nothing to wash off, and no note."""
    settings.TIME_ZONE = "UTC"
    user = make_user("applied-away")
    Profile.objects.create(user=user, timezone="Europe/London")
    plan = plan_with_a_night_tonight(user)
    plan.sessions.filter(date=dt.datetime.now(LONDON).date()).update(
        apply_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)  # "Done now" is open
    )
    night = plan.sessions.get(date=dt.datetime.now(LONDON).date())
    context, page = new_page(
        browser, live_server, PHONE if size == "phone" else DESKTOP, timezone_id="Asia/Tokyo"
    )
    log_in(page, "applied-away", PASSWORD)
    page.goto("/today/")
    page.get_by_role("button", name="Done now").click()
    page.get_by_role("button", name="Undo").wait_for()
    night.refresh_from_db()
    assert night.status == "done" and night.done_at is not None

    for path in ("/today/", plan.get_absolute_url()):
        page.goto(path)
        text, shown = shown_note(page, {night.done_at, night.wash_off_at})
        assert "This device is set to Asia/Tokyo: there, it was applied at " in text
        assert shown == [night.done_at, night.done_at + dt.timedelta(hours=8)]
        check_accessibility(page)
        check_words_whole(page)
        screenshot(page, f"device-zone-{size}-applied-{'today' if path == '/today/' else 'plan'}")

    page.goto("/today/")
    page.get_by_role("button", name="Undo").click()
    page.get_by_role("button", name="Missed").click()
    page.get_by_text("Missed").first.wait_for()
    page.wait_for_load_state("load")
    assert notes(page).count() == 0
    context.close()
