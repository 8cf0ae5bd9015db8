"""Journey: log in on a phone and record tonight's application from Today, with the server in
UTC, the browser in Tokyo and the plan in New York: every time shown is the engine's, read in
New York."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from conftest import DESKTOP, PHONE, check_accessibility, check_full_size, new_page, screenshot
from journeys import log_in

from factories import PASSWORD, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
NEW_YORK = ZoneInfo("America/New_York")


def hm(instant: dt.datetime) -> str:
    return f"{instant.astimezone(NEW_YORK):%H:%M}"


def plan_with_a_night_today(user):
    """An AK plan in New York whose nights include today there, and one three days ago."""
    today = dt.datetime.now(NEW_YORK).date()
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    weekdays = (days[today.weekday()], days[(today.weekday() + 4) % 7])
    return make_plan(
        user,
        start_date=today - dt.timedelta(days=3),
        weekdays=weekdays,
        # Planned for this minute: "Done now" is refused outside the night's window (the rule's
        # 6 hours before to 12 after), and this journey runs at any hour.
        application_time=dt.datetime.now(NEW_YORK).time().replace(second=0, microsecond=0),
        timezone="America/New_York",
    )


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_record_tonight_with_one_tap(browser, live_server, settings, size):
    settings.TIME_ZONE = "UTC"
    viewport = PHONE if size == "phone" else DESKTOP
    user = make_user("tonight")
    plan = plan_with_a_night_today(user)
    today = dt.datetime.now(NEW_YORK).date()
    night = plan.sessions.get(date=today)
    context, page = new_page(browser, live_server, viewport, timezone_id="Asia/Tokyo")
    log_in(page, "tonight", PASSWORD)

    card = page.locator("section.today")
    assert f"at {hm(night.apply_at)}, wash off at" in card.inner_text()
    done = page.get_by_role("button", name="Done now")
    assert done.bounding_box()["y"] + done.bounding_box()["height"] <= viewport["height"]
    for name in ("Done now", "Missed", "Rest tonight"):
        check_full_size(page.get_by_role("button", name=name, exact=True))
    check_accessibility(page)
    screenshot(page, f"today-{size}")

    done.click()
    page.get_by_text(f"(application {night.number}): done at ").wait_for()
    night.refresh_from_db()
    assert night.status == "done"
    assert night.wash_off_at - night.done_at == dt.timedelta(hours=8)
    text = card.inner_text()
    assert f"Applied at {hm(night.done_at)}; wash off at" in text
    assert f"{hm(night.wash_off_at)}, 8 hours later." in text
    coming = plan.sessions.get(number=night.number + 1)  # then when to apply next, in New York
    assert f"Next application: {coming.apply_at.astimezone(NEW_YORK):%a %-d %b}" in text
    assert f"{hm(coming.apply_at)}; wash off at" in text
    page.get_by_role("button", name="Undo").wait_for()
    check_accessibility(page)
    screenshot(page, f"today-{size}-done")

    # Undo, then missed and rest: one tap each, each undone with one tap.
    for tap, shown in (
        ("Undo", None),
        ("Missed", "Missed"),
        ("Undo", None),
        ("Rest tonight", "Rest"),
    ):
        card.get_by_role("button", name=tap).first.click()
        page.locator(".messages").wait_for()
        if shown:
            card.locator(".status-line").get_by_text(shown).wait_for()
        else:
            card.get_by_role("button", name="Done now").wait_for()
    night.refresh_from_db()
    assert night.status == "rest"

    # The night three days ago was never recorded: Today asks about it.
    past = plan.sessions.get(date=today - dt.timedelta(days=3))
    ask = card.locator(".unrecorded")
    assert f"{hm(past.apply_at)}: not recorded. Did you apply it?" in ask.inner_text()
    ask.get_by_role("button", name="Yes, applied").click()
    page.get_by_text(f"(application {past.number}): done at ").wait_for()
    past.refresh_from_db()
    assert past.status == "done" and past.wash_off_at == past.apply_at + dt.timedelta(hours=8)
    assert card.locator(".unrecorded").count() == 0
    screenshot(page, f"today-{size}-asked")
    context.close()


@pytest.mark.parametrize("size", ["phone", "page"])
def test_with_no_plan_today_leads_to_making_one(request, size):
    page = request.getfixturevalue(size)
    make_user("newcomer")
    log_in(page, "newcomer", PASSWORD)
    page.get_by_text("You have no active plan.").wait_for()
    check_accessibility(page)
    screenshot(page, f"today-empty-{size}")
    page.get_by_role("link", name="Make a plan").click()
    page.wait_for_url("**/plans/new/")


def test_done_now_after_the_session_ended_logs_in_and_comes_back_to_today(browser, live_server):
    """Today left open on a phone past the session's end: the tap leads to the log-in, which
    leads back to Today (not to the button's POST-only URL, once a blank 405), where the night
    is still to record and one more tap records it."""
    user = make_user("returning")
    night = plan_with_a_night_today(user).sessions.get(date=dt.datetime.now(NEW_YORK).date())
    context, page = new_page(browser, live_server, PHONE, timezone_id="Asia/Tokyo")
    log_in(page, "returning", PASSWORD)
    context.clear_cookies(name="sessionid")  # it expired; the CSRF cookie lives on

    page.get_by_role("button", name="Done now").click()
    page.wait_for_url("**/accounts/login/?next=/today/")
    log_in_here(page, "returning")
    page.wait_for_url("**/today/")
    night.refresh_from_db()
    assert night.status == "planned"
    page.get_by_role("button", name="Done now").click()
    page.get_by_text(f"(application {night.number}): done at ").wait_for()
    screenshot(page, "today-phone-after-a-new-log-in")
    context.close()


def log_in_here(page, username: str) -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button:has-text('Log in')")
