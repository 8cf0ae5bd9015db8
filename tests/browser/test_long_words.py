"""A treated area typed as one long word (the field takes 100 characters, and a phone's
keyboard can paste anything) never makes a page of the plan scroll sideways on a phone: it
breaks at the edge instead. The printed sheet and the report have style sheets of their own."""

import datetime as dt

import pytest
from conftest import PHONE, check_no_horizontal_scroll, new_page, screenshot
from journeys import log_in

from factories import PASSWORD, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]
PAGES = ("", "print/", "report/", "log/", "history/", "change/", "calendar/2026-12/")


def test_a_long_unbroken_treated_area_fits_the_phone(browser, live_server):
    plan = make_plan(make_user("long"), start_date=dt.date(2026, 12, 7), label="x" * 100)
    context, page = new_page(browser, live_server, PHONE, timezone_id="America/Chicago")
    log_in(page, "long", PASSWORD)
    for path in ("/today/", "/plans/", f"/reminders/plans/{plan.public_id}/"):
        page.goto(path)
        check_no_horizontal_scroll(page)
    for path in PAGES:
        page.goto(f"/plans/{plan.public_id}/{path}")
        check_no_horizontal_scroll(page)
    screenshot(page, "long-area-month-phone")
    page.goto(f"/plans/{plan.public_id}/report/")
    screenshot(page, "long-area-report-phone")
    context.close()
