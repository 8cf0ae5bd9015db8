"""Journey 7: another person, logged in beside the first, finds nothing of the first's plan.

The feed link is the exception by design: calendar apps cannot log in, so the token in the
link is the key and anyone holding it can read the feed (until it is rotated or turned off).
"""

import datetime as dt

import pytest
from conftest import DESKTOP, check_accessibility, new_page, screenshot
from journeys import create_ak_plan, feed_link, last_monday, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


@pytest.fixture
def other(browser, live_server, transactional_db):
    """A second browser context: a second person, with cookies of their own."""
    context, page = new_page(browser, live_server, DESKTOP)
    yield page
    context.close()


def test_a_second_person_cannot_open_the_first_persons_plan(page, other):
    sign_up(page, "first7")
    start = last_monday(weeks_back=3)
    path = create_ak_plan(page, start)
    feed = feed_link(page)
    day = (start + dt.timedelta(days=3)).isoformat()
    private = {
        "plan": path,
        "log": f"{path}log/",
        "log-day": f"{path}log/{day}/",
        "log-csv": f"{path}log.csv",
        "report": f"{path}report/",
        "month": f"{path}calendar/{start.year}-{start.month}/",
        "print": f"{path}print/",
        "ics": f"{path}calendar.ics",
    }
    for name, url in private.items():
        assert page.request.get(url).status == 200, f"the owner opens {name}"

    sign_up(other, "second7")
    for name, url in private.items():
        response = other.goto(url)
        assert response.status == 404, f"{name}: {response.status}"
    check_accessibility(other)
    screenshot(other, "not-found-desktop")
    assert "Aldara" not in other.content()

    other.goto("/plans/new/")  # a form of the second person's own, for a CSRF token
    token = other.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    csrf = {"X-CSRFToken": token}
    rotate = other.request.post(f"{path}feed/rotate/", headers=csrf)
    assert rotate.status == 404, "the second person cannot rotate the first's feed"
    missed = other.request.post(f"{path}sessions/1/", headers=csrf, form={"status": "missed"})
    assert missed.status == 404, "nor mark the first's sessions"

    assert other.request.get("/feeds/made-up-token-0123456789abcdef.ics").status == 404
    assert other.request.get("/feeds/short.ics").status == 404
    # By design the real link works for whoever holds it, and the rotate above did not touch it.
    assert other.request.get(feed).status == 200
    other.goto("/plans/")
    assert other.locator(f"a[href='{path}']").count() == 0

    other.context.clear_cookies()
    other.goto(path)
    assert "/accounts/login/" in other.url, "someone logged out is asked to log in"
