"""Steps that several journeys share, written as a person does them."""

import datetime as dt
import time

PASSWORD = "a long browser password 7"


def sign_up(page, username: str) -> None:
    page.goto("/accounts/signup/")
    page.fill("#id_username", username)
    page.fill("#id_email", f"{username}@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button:has-text('Sign up')")
    page.wait_for_url("**/accounts/profile/")


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Through the form; log-in lands on Today."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button:has-text('Log in')")
    page.wait_for_url("**/today/")


def fill_plan_form(page, *, start: dt.date, weekdays=("mon", "thu"), time="21:30") -> None:
    page.goto("/plans/new/?regimen=aldara-ak")
    page.select_option("#id_regimen", "aldara-ak")
    page.fill("#id_start_date", start.isoformat())
    for box in page.locator("input[name=weekdays]").all():
        box.set_checked(box.get_attribute("value") in weekdays)
    page.fill("#id_application_time", time)
    page.fill("#id_timezone", "Europe/London")


def create_ak_plan(page, start: dt.date) -> str:
    """Preview, then create; returns the plan page's path."""
    fill_plan_form(page, start=start)
    page.click("button:has-text('Preview')")
    page.get_by_text("32 applications", exact=True).wait_for()
    page.click("button:has-text('Create plan')")
    page.wait_for_url("**/plans/*-*/")
    return page.url.split(page.url.split("/plans/")[0])[1]


def last_monday(weeks_back: int = 0) -> dt.date:
    today = dt.date.today()
    return today - dt.timedelta(days=today.weekday() + 7 * weeks_back)


def feed_link(page) -> str:
    """On a plan page: the private feed's http(s) link, made first if the plan has none."""
    feed = page.locator("#feed")
    create = feed.get_by_role("button", name="Create feed link")
    if create.count():
        create.click()
        page.get_by_text("New feed link ready").wait_for()
    return feed.locator("a.feed-url[href^='http']").get_attribute("href")


def wait_until(page, check, seconds: float = 20):
    """check() every tenth of a second until it returns something true or `seconds` pass (CI's
    busy cores run a browser slowly); its last result."""
    deadline = time.monotonic() + seconds
    while not (result := check()) and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets Playwright take in the browser's events
    return result
