"""Journey at phone size: the plan's history and the side-effect log's entries, each over two
pages, with the server in Auckland, Chromium in Tokyo and the plan in New York. Every event
time and entry date shown, on both pages, is the one in the plan's zone; following the
"older" link reaches the second page; nothing scrolls sideways at 390px."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from conftest import (
    ARTIFACTS,
    PHONE,
    check_accessibility,
    check_no_horizontal_scroll,
    new_page,
    screenshot,
)
from journeys import log_in

from factories import PASSWORD, make_plan, make_user
from planner.plans.models import PlanEvent
from planner.symptoms.models import SymptomEntry
from planner.symptoms.views import ENTRIES_PER_PAGE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]

SERVER_ZONE = "Pacific/Auckland"
BROWSER_ZONE = "Asia/Tokyo"
PLAN_ZONE = ZoneInfo("America/New_York")
START = dt.date(2026, 3, 2)  # a Monday; New York springs forward on Sun 8 Mar
EVENTS_PER_PAGE = 50
TICKS = 60  # with the plan's own "created" event: two pages of history
ENTRIES = ENTRIES_PER_PAGE + 6  # two pages of entries
# Every tick and entry at 21:40 in New York: already the next day in UTC, Auckland and Tokyo,
# so a time or date read in any zone but the plan's shows another day and another hour.
EVENING = dt.time(21, 40)
NOW = dt.datetime.combine(START + dt.timedelta(days=TICKS), dt.time(21, 50), tzinfo=PLAN_ZONE)


@pytest.fixture
def tokyo_phone(browser, live_server, transactional_db, settings):
    """A 390x844 browser whose clock reads Tokyo time, against a server in Auckland. The
    server's clock is pinned to a past date, so its cookies must last as long as the browser."""
    settings.TIME_ZONE = SERVER_ZONE
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    context, page = new_page(browser, live_server, PHONE, timezone_id=BROWSER_ZONE)
    yield page
    context.close()


def evening(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, EVENING, tzinfo=PLAN_ZONE)


def make_busy_plan():
    """A New York plan made before its start, ticked once an evening (each event stamped by
    the pinned clock, as the app stamps them) and logged once an evening."""
    user = make_user("history-phone")
    with time_machine.travel(evening(START - dt.timedelta(days=3)), tick=False):
        plan = make_plan(user, start_date=START, timezone=PLAN_ZONE.key)
    sessions = list(plan.sessions.order_by("date"))
    for number in range(TICKS):
        session = sessions[number % len(sessions)]
        with time_machine.travel(evening(START + dt.timedelta(days=number)), tick=False):
            PlanEvent.objects.create(
                plan=plan, session=session, action="marked missed", detail="was planned"
            )
    for number in range(ENTRIES):
        with time_machine.travel(evening(START + dt.timedelta(days=number)), tick=False):
            day = dt.datetime.now(dt.UTC).astimezone(PLAN_ZONE).date()
            SymptomEntry.objects.create(plan=plan, date=day, erythema=1, note=f"day {number}")
    return user, plan


def event_text(instant: dt.datetime) -> str:
    """_event.html's `j M Y, H:i`, read in the plan's zone."""
    local = instant.astimezone(PLAN_ZONE)
    return f"{local.day} {local:%b %Y, %H:%M}"


def entry_heading(day: dt.date) -> str:
    """_entries.html's `D j M Y`."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def check_page(page, name: str) -> None:
    check_accessibility(page)
    check_no_horizontal_scroll(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, name)


def check_history_times(page, events) -> None:
    """Each <time> of the list, in order: the event's instant, written in the plan's zone."""
    times = page.locator("ol.history time")
    assert times.count() == len(events)
    for time, event in zip(times.all(), events, strict=True):
        shown = time.get_attribute("datetime")
        assert dt.datetime.fromisoformat(shown) == event.at, (shown, event.at)
        assert (
            dt.datetime.fromisoformat(shown).utcoffset()
            == event.at.astimezone(PLAN_ZONE).utcoffset()
        ), shown
        assert time.inner_text() == event_text(event.at), (time.inner_text(), event.at)


def test_history_pages_show_event_times_in_the_plan_s_zone(tokyo_phone):
    page = tokyo_phone
    user, plan = make_busy_plan()
    events = list(plan.history())
    assert len(events) > EVENTS_PER_PAGE
    with time_machine.travel(NOW, tick=False):
        log_in(page, user.username, PASSWORD)
        assert page.evaluate("new Date('2026-03-04T12:00:00Z').getTimezoneOffset()") == -540
        page.goto(f"/plans/{plan.public_id}/history/")
        assert "Page 1 of 2" in page.locator("nav[aria-label='History pages']").inner_text()
        check_history_times(page, events[:EVENTS_PER_PAGE])
        check_page(page, "history-phone-page-1")

        page.get_by_role("link", name="Older →").click()
        page.wait_for_url("**/history/?page=2")
        assert "Page 2 of 2" in page.locator("nav[aria-label='History pages']").inner_text()
        check_history_times(page, events[EVENTS_PER_PAGE:])
        check_page(page, "history-phone-page-2")
        page.get_by_role("link", name="← Newer").click()
        page.wait_for_url("**/history/?page=1")
        check_history_times(page, events[:EVENTS_PER_PAGE])


def check_entry_cards(page, plan, days: list[dt.date]) -> None:
    """The cards, newest first: each one's heading and id name its entry's day."""
    cards = page.locator("ol.entries > li.card")
    assert cards.count() == len(days)
    for card, day in zip(cards.all(), days, strict=True):
        assert card.get_attribute("id") == f"entry-{day.isoformat()}"
        assert card.locator("h3").inner_text() == entry_heading(day)
        note = plan.symptom_entries.get(date=day).note
        assert card.locator(".entry-note").inner_text() == note
        edit = card.get_by_role("link", name="Edit")
        assert edit.get_attribute("href") == f"/plans/{plan.public_id}/log/{day.isoformat()}/"


def entries_screenshot(page, name: str) -> None:
    """The full-page shot shrinks the cards out of sight; this keeps them readable."""
    section = page.locator("section[aria-labelledby=entries-heading]")
    section.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_log_entry_pages_show_the_plan_s_dates(tokyo_phone):
    page = tokyo_phone
    user, plan = make_busy_plan()
    newest_first = [START + dt.timedelta(days=n) for n in reversed(range(ENTRIES))]
    today = NOW.date()  # New York's; already tomorrow in Auckland and Tokyo
    with time_machine.travel(NOW, tick=False):
        log_in(page, user.username, PASSWORD)
        page.goto(f"/plans/{plan.public_id}/log/")
        heading = page.locator("#form-heading").inner_text()
        assert heading == f"Log {today:%A} {today.day} {today:%B}"  # log.html's `l j F`
        nav = page.locator("nav[aria-label='Entry pages']")
        assert "Page 1 of 2" in nav.inner_text()
        check_entry_cards(page, plan, newest_first[:ENTRIES_PER_PAGE])
        check_page(page, "log-entries-phone-page-1")
        entries_screenshot(page, "log-entries-phone-page-1-entries")

        page.get_by_role("link", name="Older entries →").click()
        page.wait_for_url("**/log/?entries=2#entries-heading")
        assert "Page 2 of 2" in nav.inner_text()
        check_entry_cards(page, plan, newest_first[ENTRIES_PER_PAGE:])
        check_page(page, "log-entries-phone-page-2")
        entries_screenshot(page, "log-entries-phone-page-2-entries")
