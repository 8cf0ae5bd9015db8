"""Journey: record a night nobody recorded from the plan page's list, at phone and desktop
size. A time outside the night's window is refused with the window in the message, beside
the time, which stays typed in its row; 03:00
after a 21:30 night is read as the next morning."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from conftest import ARTIFACTS, check_accessibility, screenshot
from journeys import log_in

from factories import PASSWORD, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
NEW_YORK = ZoneInfo("America/New_York")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def moment(instant: dt.datetime) -> str:
    """As the message says it: '15:30 on Mon 7 Dec'."""
    local = instant.astimezone(NEW_YORK)
    return f"{local:%H:%M} on {local:%a} {local.day} {local:%b}"


def plan_with_a_night_three_days_ago(user):
    today = dt.datetime.now(NEW_YORK).date()
    past = today - dt.timedelta(days=3)
    return make_plan(
        user,
        start_date=past,
        weekdays=(DAYS[past.weekday()], DAYS[(past.weekday() + 4) % 7]),  # 4 days apart
        application_time=dt.time(21, 30),
        timezone="America/New_York",
    )


def type_and_tick(page, number: int, time: str) -> None:
    """Open the list of nights, type the time on the night's row and press its Done."""
    fold = page.locator("details#applications")
    if fold.get_attribute("open") is None:
        fold.locator("summary").click()
    page.fill(f"#time-{number}", time)
    page.get_by_role("button", name=f"Mark application {number} done").click()
    page.locator(".messages").wait_for()


@pytest.mark.parametrize("size", ["phone", "page"])
def test_a_done_time_outside_the_night_s_window_is_refused_with_the_window(request, size):
    page = request.getfixturevalue(size)
    user = make_user(f"late-{size}")
    plan = plan_with_a_night_three_days_ago(user)
    night = plan.sessions.order_by("date").first()
    log_in(page, user.username, PASSWORD)
    page.goto(f"/plans/{plan.public_id}/")

    type_and_tick(page, night.number, "12:00")
    first = night.apply_at - dt.timedelta(hours=6)
    last = night.apply_at + dt.timedelta(hours=12)
    page.get_by_text(
        f"12:00 does not fit this night, planned for {moment(night.apply_at)}. "
        f"Between {moment(first)} and {moment(last)}, please."
    ).wait_for()
    night.refresh_from_db()
    assert night.status == "planned"
    # Back in its row, not at the top: the typed time kept and focused, the reason beside it.
    field, reason = (
        page.locator(f"#time-{night.number}"),
        page.locator(f"#time-error-{night.number}"),
    )
    assert field.input_value() == "12:00"
    assert page.evaluate("document.activeElement.id") == f"time-{night.number}"
    assert reason.inner_text().startswith("12:00 does not fit this night")
    for shown in (field, reason):  # on the screen the browser scrolled to
        box = shown.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]
    check_accessibility(page)
    screenshot(page, f"done-times-{size}-refused")
    page.screenshot(path=str(ARTIFACTS / f"done-times-{size}-refused-screen.png"))

    type_and_tick(page, night.number, "03:00")
    page.get_by_text(f"(application {night.number}): done at ").wait_for()
    night.refresh_from_db()
    next_morning = night.apply_at.astimezone(NEW_YORK).date() + dt.timedelta(days=1)
    assert night.done_at == dt.datetime.combine(next_morning, dt.time(3), tzinfo=NEW_YORK)
    page.locator(f"#session-{night.number}").get_by_text("Done").first.wait_for()
    check_accessibility(page)
    screenshot(page, f"done-times-{size}-recorded")


@pytest.mark.parametrize("size", ["phone", "page"])
def test_enter_in_a_row_s_time_field_records_that_row(request, size):
    """Every row's field and button shared one form, and Enter pressed its first button: a
    time typed for the third night recorded the first, at its planned time."""
    page = request.getfixturevalue(size)
    user = make_user(f"enter-{size}")
    today = dt.datetime.now(NEW_YORK).date()
    start = today - dt.timedelta(days=9)
    days = tuple(DAYS[(start.weekday() + n) % 7] for n in (0, 4))  # 4 and 3 days apart
    plan = make_plan(
        user,
        start_date=start,
        weekdays=days,
        application_time=dt.time(21, 30),
        timezone="America/New_York",
    )
    third = plan.sessions.order_by("date")[2]
    assert third.date < today
    log_in(page, user.username, PASSWORD)
    page.goto(f"/plans/{plan.public_id}/")
    page.locator("details#applications summary").click()
    page.fill(f"#time-{third.number}", "22:40")
    page.press(f"#time-{third.number}", "Enter")
    page.get_by_text(f"(application {third.number}): done at 22:40.").wait_for()
    third.refresh_from_db()
    assert third.done_at.astimezone(NEW_YORK).time() == dt.time(22, 40)
    assert plan.sessions.order_by("date")[0].status == "planned"
