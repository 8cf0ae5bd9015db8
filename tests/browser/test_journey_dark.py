"""Journey: the app at bedtime on a phone set to a dark colour scheme. Every page a patient
uses is dark and keeps AA contrast (axe-core), the night list's and the month's colours
included; a printed page stays black on white."""

import datetime as dt

import pytest
from conftest import PHONE, check_accessibility, new_page, screenshot, visit
from journeys import log_in

from factories import PASSWORD, make_plan, make_user
from planner.plans import services
from planner.symptoms.models import SymptomEntry

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
DARK, WHITE = "rgb(21, 24, 28)", "rgb(255, 255, 255)"


def ground(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")


def a_plan_with_every_kind_of_night(user):
    """Mon and Thu for 16 weeks, begun three weeks ago: nights done, missed, rested and not
    recorded, a severe log entry (the urgent advice) and tonight's card."""
    today = dt.date.today()
    plan = make_plan(user, start_date=today - dt.timedelta(days=21 + today.weekday()))
    first, second, third, *_ = plan.sessions.order_by("number")
    services.session_mark(session=first, status="done", done_at=first.apply_at)
    services.session_mark(session=second, status="missed")
    services.session_mark(session=third, status="rest")
    SymptomEntry.objects.create(plan=plan, date=first.date, erythema=3, itching=1, note="sore")
    return plan


def test_a_phone_set_to_dark_gets_dark_pages_that_keep_their_contrast(browser, live_server):
    user = make_user("night-owl")
    plan = a_plan_with_every_kind_of_night(user)
    url = plan.get_absolute_url()
    context, page = new_page(
        browser, live_server, PHONE, timezone_id="Asia/Tokyo", color_scheme="dark"
    )
    log_in(page, "night-owl", PASSWORD)
    assert ground(page) == DARK
    check_accessibility(page)
    screenshot(page, "dark-today-phone")

    page.goto(url)  # its folds open, so that their colours are checked too
    page.get_by_text("Calendar:").click()
    page.locator("#applications summary").click()
    assert ground(page) == DARK
    check_accessibility(page)
    screenshot(page, "dark-plan-phone")

    today = dt.date.today()
    pages = {
        f"{url}calendar/{today.year}-{today.month}/": "month",
        f"{url}log/": "log",
        f"{url}report/": "report",
        f"/reminders{url}": "reminders",
        "/plans/": "plans",
        f"{url}history/": "history",
        f"{url}change/": "change",
        "/plans/new/prescribed/": "prescribed",
        "/accounts/profile/": "settings",
        "/regimens/aldara-ak/": "regimen",
        "/questions/why-red/": "question",
    }
    for path, name in pages.items():
        visit(page, path, f"dark-{name}-phone")
        assert ground(page) == DARK, path

    # Every field on the one ground: left to the browser, a dark select was paler than an input.
    page.goto("/accounts/profile/")
    fields = page.locator("main input:not([type=hidden]), main select")
    assert fields.count() >= 4
    grounds = fields.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    assert set(grounds) == {"rgb(27, 31, 36)"}  # the dark scheme's --surface

    # A form's errors: the summary box and the field's message.
    page.goto("/plans/new/")
    page.fill("#id_timezone", "Nowhere/At all")
    page.get_by_role("button", name="Preview").click()
    page.locator(".error-summary").wait_for()
    check_accessibility(page)
    screenshot(page, "dark-plan-form-errors-phone")

    # Paper stays light whatever the screen's scheme.
    page.emulate_media(media="print")
    page.goto(url)
    assert ground(page) == WHITE
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    muted = page.locator(".site-footer").evaluate("e => getComputedStyle(e).color")
    assert muted == "rgb(74, 83, 96)"  # the light scheme's --muted, not the dark one's
    context.close()


def test_a_phone_set_to_light_keeps_the_light_pages(browser, live_server):
    make_user("early-bird")
    context, page = new_page(browser, live_server, PHONE, color_scheme="light")
    log_in(page, "early-bird", PASSWORD)
    assert ground(page) == WHITE
    context.close()
