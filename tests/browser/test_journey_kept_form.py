"""Journey: a side-effect entry typed on a phone whose session ended while the log stood
open. Saving leads to the log-in, which says nothing was saved and that the entry will be
back; after the log-in the entry is on the page as typed, marked not saved yet, and one tap
saves it. At phone and desktop size."""

import datetime as dt
import re

import pytest
from conftest import check_accessibility, check_words_whole, screenshot
from journeys import log_in
from playwright.sync_api import expect

from factories import PASSWORD, make_plan, make_user
from planner.symptoms.models import SymptomEntry

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
NOTE = "Red and itchy around the edge; washed off at 6."


@pytest.mark.parametrize("size", ["phone", "page"])
def test_an_entry_saved_after_the_session_ended_is_back_after_the_log_in(request, size):
    page = request.getfixturevalue(size)
    user = make_user("nightowl")
    today = dt.date.today()
    plan = make_plan(user, start_date=today - dt.timedelta(days=7))
    log_in(page, "nightowl", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/log/")
    page.check("#id_erythema_2")
    page.check("#id_itching_1")
    page.fill("#id_note", NOTE)
    page.context.clear_cookies(name="sessionid")  # it ended; the CSRF cookie lives on

    page.get_by_role("button", name="Save the log").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/plans/"))
    expect(page.get_by_text("Your session had ended, so nothing was saved.")).to_be_visible()
    check_accessibility(page)
    check_words_whole(page)
    screenshot(page, f"kept-form-log-in-{size}")
    page.fill("#id_username", "nightowl")
    page.fill("#id_password", PASSWORD)
    page.click("main button:has-text('Log in')")

    page.get_by_text(
        "Not saved yet: here is what you typed before logging in. Check it, then save."
    ).wait_for()
    assert page.locator("#id_erythema_2").is_checked()
    assert page.locator("#id_itching_1").is_checked()
    assert page.locator("#id_note").input_value() == NOTE
    assert not SymptomEntry.objects.exists()
    check_accessibility(page)
    check_words_whole(page)
    screenshot(page, f"kept-form-back-{size}")

    page.get_by_role("button", name="Save the log").click()
    page.get_by_text("Saved your log for").wait_for()
    entry = SymptomEntry.objects.get()
    assert (entry.erythema, entry.itching, entry.note) == (2, 1, NOTE)


@pytest.mark.parametrize("size", ["phone", "page"])
def test_rest_dates_sent_after_the_session_ended_are_back_at_the_rest_form(request, size):
    page = request.getfixturevalue(size)
    user = make_user("restless")
    today = dt.date.today()
    plan = make_plan(user, start_date=today - dt.timedelta(days=7))
    first, last = today + dt.timedelta(days=2), today + dt.timedelta(days=5)
    log_in(page, "restless", PASSWORD)
    page.goto(f"/plans/{plan.public_id}/")
    page.fill("#id_first_day", first.isoformat())
    page.fill("#id_last_day", last.isoformat())
    page.context.clear_cookies(name="sessionid")

    page.get_by_role("button", name="Mark rest period").click()
    expect(page.get_by_text("Your session had ended, so nothing was saved.")).to_be_visible()
    page.fill("#id_username", "restless")
    page.fill("#id_password", PASSWORD)
    page.click("main button:has-text('Log in')")

    page.wait_for_url(f"**/plans/{plan.public_id}/#rest-heading")
    expect(page.locator("#id_first_day")).to_be_in_viewport()  # the form, not the page's top
    assert page.locator("#id_first_day").input_value() == first.isoformat()
    assert page.locator("#id_last_day").input_value() == last.isoformat()
    assert not plan.rest_periods.exists()
    check_accessibility(page)
    screenshot(page, f"kept-rest-back-{size}")

    page.get_by_role("button", name="Mark rest period").click()
    page.get_by_text("Your end date stays").wait_for()
    assert plan.rest_periods.get().first_day == first
