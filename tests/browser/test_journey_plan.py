"""Journeys 1 and 3: make a plan, then tick nights off and take a rest."""

import datetime as dt

import pytest
from conftest import check_accessibility, check_full_size, new_page, screenshot, visit
from journeys import create_ak_plan, fill_plan_form, last_monday, log_in, sign_up
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from planner.plans import services

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


def test_sign_up_set_the_zone_and_make_an_ak_plan(page):
    sign_up(page, "journey1")
    check_accessibility(page)
    page.fill("#id_timezone", "Europe/London")
    page.fill("#id_bedtime", "21:30")
    page.click("button:has-text('Save settings')")
    page.get_by_text("Settings saved. Now make your plan").wait_for()
    # The next step, the first plan, starts at the bedtime just set.
    expect(page.get_by_role("heading", name="Make a plan")).to_be_visible()
    expect(page.locator("#id_application_time")).to_have_value("21:30")

    start = dt.date(2026, 3, 2)
    fill_plan_form(page, start=start, weekdays=("mon", "tue"))
    check_full_size(page.get_by_role("button", name="Preview"))
    page.click("button:has-text('Preview')")
    page.locator("#id_weekdays_error").get_by_text("Leave at least 3 days between").wait_for()
    summary = page.get_by_role("alert").filter(has_text="Not previewed")
    expect(summary.get_by_role("link", name="Days of the week")).to_be_in_viewport()
    check_accessibility(page)
    screenshot(page, "plan-form-error-desktop")

    path = create_ak_plan(page, start)
    assert page.locator("table.sessions tbody tr").count() == 32
    # The calendar fold: a link to each of the course's four months, and one month's grid.
    assert page.locator("#calendar nav a").count() == 4
    assert page.locator("#calendar table.month").count() == 1
    expect(page.get_by_text("Sun 21 Jun 2026").first).to_be_visible()
    visit(page, path, "plan-desktop")


def test_tick_off_nights_and_take_a_rest_without_moving_the_end(page):
    sign_up(page, "journey3")
    start = last_monday(weeks_back=3)
    path = create_ak_plan(page, start)
    end_text = (start + dt.timedelta(days=111)).strftime("%a %-d %b %Y")
    rows = page.locator("table.sessions tbody tr")
    page.click("#applications summary")  # the list starts folded (phone first)

    rows.nth(0).locator("input[type=time]").fill("21:40")
    rows.nth(0).get_by_role("button", name="Mark application 1 done").click()
    page.get_by_text("(application 1): done at ").wait_for()
    page.locator("#session-2").get_by_role("button", name="Mark application 2 missed").click()
    page.get_by_text("(application 2): missed.").wait_for()
    expect(page.get_by_text("Never apply two doses at once")).to_be_visible()

    rest_start = start + dt.timedelta(days=14)  # Monday two weeks in: sessions 5 and 6? no: 5
    page.fill("#id_first_day", rest_start.isoformat())
    page.fill("#id_last_day", (rest_start + dt.timedelta(days=2)).isoformat())
    page.click("button:has-text('Mark rest period')")
    page.get_by_text("Your end date stays").wait_for()

    page.click("#calendar summary")
    stats = page.locator("ul.stats").inner_text()
    assert "1\ndone" in stats and "1\nmissed" in stats and "1\nrest" in stats
    expect(page.locator("ul.legend").get_by_text("Missed")).to_be_visible()
    expect(page.get_by_text(end_text).first).to_be_visible()
    expect(page.locator("table.month td.apply").first).to_be_visible()  # this month's nights
    visit(page, path, "plan-ticked-desktop")


def test_the_plan_form_and_session_actions_work_from_the_keyboard(page):
    sign_up(page, "keyboard")
    page.goto("/plans/new/")
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.name"))
    wanted = {
        "id_regimen",
        "id_start_date",
        "id_weekdays_0",
        "id_application_time",
        "id_timezone",
        "id_contact_hours",
        "id_label",
        "preview",
        "create",
    }
    assert wanted <= reached, wanted - reached

    page.focus("#id_start_date")
    page.keyboard.type(last_monday(weeks_back=1).strftime("%m%d%Y"))
    page.focus("button[name=create]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plans/*-*/")
    page.focus("#applications summary")
    page.keyboard.press("Enter")  # unfold the list
    page.focus("#session-1 button:has-text('Missed')")
    page.keyboard.press("Enter")
    page.get_by_text("(application 1): missed.").wait_for()


def test_pages_fit_a_phone(phone):
    for url, name in (("/accounts/login/", "login"), ("/accounts/signup/", "signup")):
        visit(phone, url, f"{name}-phone")
    sign_up(phone, "phone")
    start = last_monday()
    path = create_ak_plan(phone, start)
    for url, name in (
        (path, "plan"),
        (f"{path}calendar/{start.year}-{start.month}/", "month"),
        ("/plans/new/", "plan-form"),
        ("/plans/", "plan-list"),
        (f"{path}print/", "tick-sheet"),
        ("/regimens/", "regimens"),
        ("/regimens/aldara-ak/", "regimen"),
        ("/accounts/profile/", "settings"),
        ("/accounts/password_change/", "password-change"),
        ("/accounts/delete/", "account-delete"),
        ("/plans/00000000-0000-0000-0000-000000000000/", "not-found"),
        ("/", "home"),
    ):
        visit(phone, url, f"{name}-phone")
    phone.goto(path)
    phone.click("#calendar summary")
    cell = phone.locator("table.month td.apply").first.bounding_box()
    assert cell["width"] >= 30, "calendar cells stay readable on a phone"


# Each piece of a month cell's text between its break points (spaces, soft hyphens, the dash
# of a time range) and its width drawn alone in the cell's font, beside the cell's width.
CELL_PIECES = """() => [...document.querySelectorAll("table.month .wash")].flatMap((el) => {
  const probe = document.createElement("span");
  probe.style.cssText = "position: absolute; white-space: nowrap; visibility: hidden";
  probe.style.font = getComputedStyle(el).font;
  document.body.append(probe);
  const pieces = el.textContent.split(/(?<=[\\s\\u00ad\\u2013])/).map((piece) => {
    probe.textContent = piece.replace("\\u00ad", "-").trim();
    const text = piece.replace("\\u00ad", "").trim();
    return [text, probe.getBoundingClientRect().width, el.clientWidth];
  });
  probe.remove();
  return pieces;
})"""


@pytest.mark.parametrize("width", [390, 360])
def test_month_cells_on_a_phone_break_words_only_where_they_may(browser, live_server, width):
    """Every state's text in a month cell fits between its break points: 'Not recorded' and
    'Cancelled' were cut mid-word ('Not recorde / d') at 390 px."""
    user = make_user("cells")
    start = last_monday(weeks_back=3)
    plan = make_plan(user, "aldara-sbcc", start_date=start, weekdays=(), timezone="UTC")
    nights = list(plan.sessions.order_by("number"))
    for night, status in zip(nights, ["done", "missed", "rest"], strict=False):
        services.session_mark(session=night, status=status)
    services.plan_end(plan=plan, status="stopped", today=nights[8].date)  # 4-8 not recorded
    context, page = new_page(browser, live_server, {"width": width, "height": 844})
    log_in(page, "cells", PASSWORD)
    seen = set()
    for month in sorted({(n.date.year, n.date.month) for n in nights}):
        visit(page, f"/plans/{plan.public_id}/calendar/{month[0]}-{month[1]}/", f"cells-{width}")
        for piece, wide, room in page.evaluate(CELL_PIECES):
            seen.add(piece)
            assert wide <= room, f"{piece!r} is {wide:.0f}px in a {room}px cell"
    assert {"Done,", "Missed", "Rest", "Not", "re", "Can", "celled"} <= seen
    context.close()


def test_a_rest_ahead_moves_today_to_the_application_after_it(phone):
    """A rest over next week's first two nights: Today names the first night after it, with its
    steps (folded: it is not tonight), not a rested night with a wash-off time and an Undo."""
    sign_up(phone, "restahead")
    start = last_monday() + dt.timedelta(days=7)  # next Monday: every night is ahead
    create_ak_plan(phone, start)
    phone.fill("#id_first_day", start.isoformat())
    phone.fill("#id_last_day", (start + dt.timedelta(days=3)).isoformat())  # Mon and Thu
    phone.click("button:has-text('Mark rest period')")
    phone.get_by_text("Your end date stays").wait_for()
    after = start + dt.timedelta(days=7)
    expect(phone.locator("#tonight")).to_contain_text(f"Apply at {after:%a %-d %b}, 21:30")
    phone.goto("/today/")
    card = phone.locator("section.today")
    expect(card).to_contain_text(f"Next: {after:%a %-d %b} at 21:30")
    expect(card.get_by_role("list")).to_have_count(0)  # its steps, folded a week ahead
    card.get_by_text("How to apply it").click()
    expect(card.get_by_role("list")).to_contain_text("Rub a thin layer")
    expect(card.get_by_text("Rest", exact=True)).to_have_count(0)
    expect(card.get_by_role("button", name="Undo")).to_have_count(0)
    check_accessibility(phone)
    screenshot(phone, "today-rest-ahead-phone")
