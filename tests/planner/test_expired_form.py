"""A form sent with a CSRF token that no longer holds (the person logged in again in another
tab, say): the site's own page, saying nothing was saved and leading back, not Django's bare
"CSRF verification failed"."""

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("catalogue")


def logged_in(owner) -> tuple[Client, str]:
    """A browser logged in, with the token a page it loaded holds."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    browser.get("/accounts/profile/")
    return browser, browser.cookies["csrftoken"].value


def test_a_stale_token_gets_a_page_that_says_what_happened_and_leads_back(owner):
    browser, stale = logged_in(owner)
    browser.cookies["csrftoken"] = "n" * 32  # as a log-in in another tab sets a new one
    response = browser.post(
        "/accounts/profile/",
        {"csrfmiddlewaretoken": stale, "timezone": "Europe/London"},
        HTTP_REFERER="http://testserver/accounts/profile/",
    )
    assert response.status_code == 403
    body = " ".join(response.content.decode().split())
    assert "<h1>This form had expired</h1>" in body
    assert "Nothing was saved." in body
    assert '<a href="/accounts/profile/">Back to the page</a>' in body
    assert ">Log out</button>" in body  # the site's own page, as the person left it
    owner.refresh_from_db()
    assert not hasattr(owner, "profile") or owner.profile.timezone != "Europe/London"


@pytest.mark.parametrize("referer", ["", "https://evil.example/", "javascript:alert(1)", "0"])
def test_it_leads_back_only_to_a_page_of_this_site(owner, referer):
    browser, stale = logged_in(owner)
    browser.cookies["csrftoken"] = "n" * 32
    response = browser.post(
        "/accounts/profile/", {"csrfmiddlewaretoken": stale}, HTTP_REFERER=referer
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "Back to the page" not in body and "evil" not in body and "javascript" not in body
    assert '<p><a href="/today/">Today</a></p>' in body


def test_a_form_with_no_token_at_all_gets_the_same_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/signup/", {})
    assert response.status_code == 403
    body = response.content.decode()
    assert (
        "This form had expired" in body and '<p><a href="/accounts/login/">Log in</a></p>' in body
    )
