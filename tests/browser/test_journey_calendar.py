"""Journey 2: preview and create a plan, take it to a calendar app, then change the link."""

from pathlib import Path

import icalendar
import pytest
from conftest import PHONE, screenshot, visit
from journeys import create_ak_plan, feed_link, last_monday, sign_up
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def apply_events(ics: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(ics)
    return [e for e in calendar.walk("VEVENT") if str(e["UID"]).split("@")[0].endswith("-apply")]


def feed_links(page) -> tuple[str, str]:
    """The plan page's (http(s) link, webcal:// link), read from the page as a person sees it."""
    hrefs = page.locator("#feed a.feed-url").evaluate_all("links => links.map(a => a.href)")
    web = [h for h in hrefs if h.startswith(("http://", "https://"))]
    webcal = [h for h in hrefs if h.startswith("webcal://")]
    assert len(web) == 1 and len(webcal) == 1, hrefs
    assert webcal[0].split("://", 1)[1] == web[0].split("://", 1)[1]
    return web[0], webcal[0]


def test_download_the_calendar_subscribe_and_rotate_the_link(page):
    sign_up(page, "journey2")
    start = last_monday()
    path = create_ak_plan(page, start)
    feed = page.locator("#feed")

    with page.expect_download() as info:
        feed.get_by_role("link", name="Download a calendar file (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"aldara-ak-{start:%Y-%m-%d}.ics"
    assert len(apply_events(Path(download.path()).read_bytes())) == 32

    shown = feed_link(page)  # made with "Create feed link" if the plan has none yet
    visit(page, path, "plan-feed-desktop")
    old, webcal = feed_links(page)
    assert old == shown
    assert old.startswith("http://")  # the live server; https behind the real proxy
    assert webcal.startswith("webcal://")
    response = page.request.get(old)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert len(apply_events(response.body())) == 32

    feed.get_by_role("button", name="Get a new link").click()
    page.get_by_text("the earlier link has stopped working").wait_for()
    new, _ = feed_links(page)
    assert new != old
    assert page.request.get(old).status == 404
    assert page.request.get(new).status == 200

    # The copy button puts the link on the clipboard, for the apps that ask for an address.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    feed.get_by_role("button", name="Copy link").click()
    expect(feed.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == new

    page.set_viewport_size(PHONE)  # the long feed links must wrap, not widen the page
    visit(page, f"{path}#feed", "plan-feed-phone")
    # The answer to a button of the section is shown in it, where the page opens again.
    feed.get_by_role("button", name="Use discreet titles").click()
    expect(feed.get_by_text("Calendar titles now use discreet")).to_be_in_viewport()
    screenshot(page, "plan-feed-discreet-phone")
