"""Journey: a page left open while the person logged out and in again in another tab. Its
form's token no longer holds: sending it shows the site's own page, at phone and desktop
size, saying nothing was saved; "Back to the page" gives a fresh form that works."""

import pytest
from conftest import check_accessibility, check_words_whole, screenshot
from journeys import log_in
from playwright.sync_api import expect

from factories import PASSWORD, make_user
from planner.accounts.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site")]


@pytest.mark.parametrize("size", ["phone", "page"])
def test_a_form_left_open_across_a_new_log_in_says_so_and_leads_back(request, size):
    page = request.getfixturevalue(size)
    make_user("stale")
    log_in(page, "stale", PASSWORD)
    page.goto("/accounts/profile/")

    other_tab = page.context.new_page()
    other_tab.goto("/today/")
    other_tab.get_by_role("button", name="Log out").click()
    other_tab.wait_for_url("**/")
    log_in(other_tab, "stale", PASSWORD)  # a new CSRF token for the browser
    other_tab.close()

    page.fill("#id_timezone", "Europe/Paris")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("heading", name="This form had expired")).to_be_in_viewport()
    assert "Nothing was saved." in page.locator("main").inner_text()
    assert not Profile.objects.filter(timezone="Europe/Paris").exists()
    check_accessibility(page)
    check_words_whole(page)
    screenshot(page, f"expired-form-{size}")

    page.get_by_role("link", name="Back to the page").click()
    page.get_by_role("heading", name="Settings").wait_for()
    page.wait_for_load_state()  # its script fills an empty zone with the browser's own
    page.fill("#id_timezone", "Europe/Paris")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()
    assert Profile.objects.get().timezone == "Europe/Paris"
