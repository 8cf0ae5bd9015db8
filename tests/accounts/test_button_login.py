"""A button pressed on a page whose session has ended: the log-in leads back to that page,
not to the button's POST-only URL (where the browser's GET got a blank 405), and does
nothing until the person taps again."""

import pytest
from django.urls import reverse

from factories import PASSWORD, make_plan
from planner.plans.models import Session

pytestmark = pytest.mark.usefixtures("catalogue")


# Every POST-only action behind a log-in that a page's button sends (the access-control test
# holds every such URL to the same answer). The rest form's dates are kept through the log-in
# instead (tests/accounts/test_form_kept_through_login.py).
NAMES = [
    "session-update",
    "rest-remove",
    "plan-end",
    "plan-assessment",
    "plan-rule-alerts",
    "feed-rotate",
    "feed-revoke",
    "user-feed-rotate",
    "user-feed-revoke",
    "plan-discreet",
    "symptom-delete",
]
MORE_KWARGS = {
    "session-update": {"number": 1},
    "rest-remove": {"rest_id": 1},
    "symptom-delete": {"day": "2026-03-05"},
}


def url_of(name: str, plan) -> str:
    if name.startswith("user-"):
        return reverse(name)
    return reverse(name, kwargs={"public_id": plan.public_id, **MORE_KWARGS.get(name, {})})


@pytest.fixture
def plan(owner):
    return make_plan(owner)


@pytest.mark.parametrize("name", NAMES)
def test_the_log_in_leads_back_to_the_page_the_button_was_on(client, plan, name):
    page = f"/plans/{plan.public_id}/?month=2026-03"
    url = url_of(name, plan)
    response = client.post(url, {"status": "done"}, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302
    back = f"/plans/{plan.public_id}/%3Fmonth%3D2026-03"
    assert response["Location"] == f"/accounts/login/?next={back}"


@pytest.mark.parametrize(
    "referer",
    ["", "https://evil.example/plans/", "javascript:alert(1)", "0", "today", "//evil.example/x"],
)
def test_without_a_page_of_this_site_it_leads_to_today(client, plan, referer):
    url = url_of("session-update", plan)
    response = client.post(url, {"status": "done"}, HTTP_REFERER=referer)
    assert response["Location"] == "/accounts/login/?next=/today/"


def test_after_the_log_in_the_page_shows_and_nothing_was_done(client, plan):
    page = f"/plans/{plan.public_id}/"
    url = url_of("session-update", plan)
    to_log_in = client.post(url, {"status": "done"}, HTTP_REFERER=f"http://testserver{page}")
    logged_in = client.post(to_log_in["Location"], {"username": "owner", "password": PASSWORD})
    assert logged_in["Location"] == page
    assert client.get(page).status_code == 200
    assert Session.objects.get(plan=plan, number=1).status == "planned"
