"""Every page type carries the security headers. test_access_control.py checks them on the
response of every URL pattern for every role; these add what that table has no row for."""

import pytest

from factories import make_plan
from headers import assert_security_headers
from planner.calendars.models import FeedToken

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def pages(owner):
    plan = make_plan(owner)
    base = f"/plans/{plan.public_id}"
    return [
        "/today/",  # "/" leads a logged-in person there
        "/regimens/",
        "/regimens/aldara-ak/",
        "/plans/",
        "/plans/new/",
        f"{base}/",
        f"{base}/print/",
        "/healthz",
    ]


# What someone logged out sees (logged in, each leads on to Today).
ANONYMOUS_PAGES = ["/", "/accounts/login/", "/accounts/signup/"]


def responses(client, owner, pages):
    for path in ANONYMOUS_PAGES:
        yield path, client.get(path)
    client.force_login(owner)
    for path in pages:
        yield path, client.get(path)


def test_every_page_type_has_the_security_headers(client, owner, pages):
    for path, response in responses(client, owner, pages):
        assert response.status_code == 200, path
        assert_security_headers(response, path)


def test_not_found_and_not_modified_responses_have_the_security_headers(client, owner):
    assert_security_headers(client.get("/no-such-page/"), "404")
    feed = f"/feeds/{FeedToken.objects.create(user=owner, plan=make_plan(owner)).token}.ics"
    revalidated = client.get(feed, HTTP_IF_NONE_MATCH=client.get(feed)["ETag"])
    assert revalidated.status_code == 304
    assert_security_headers(revalidated, "304")


def test_pages_have_no_inline_script(client, owner, pages):
    for path, response in responses(client, owner, pages):
        body = response.content.decode()
        assert "<script>" not in body, path
        assert " onclick=" not in body and " onload=" not in body, path


def test_no_page_with_personal_data_is_stored_by_the_browser(client, owner):
    """After logging out, the back button must not show a plan or a log from the disk."""
    plan = make_plan(owner)
    base = f"/plans/{plan.public_id}"
    client.force_login(owner)
    for path in (
        "/plans/",
        "/plans/new/",
        f"{base}/",
        f"{base}/calendar/2026-03/",
        f"{base}/print/",
        f"{base}/log/",
        f"{base}/log/2026-03-02/",
        f"{base}/log.csv",
        f"{base}/report/",
        "/accounts/profile/",
        "/accounts/data.json",
        "/accounts/delete/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, path
