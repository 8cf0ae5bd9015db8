"""A NUL byte anywhere in the input is a 400, never a 500 (PostgreSQL refuses NUL in a query)."""

import pytest

from factories import make_plan
from planner.accounts.models import Profile

pytestmark = pytest.mark.usefixtures("catalogue")


def test_a_nul_byte_in_the_session_cookie_is_a_400(client, owner):
    client.cookies["sessionid"] = "abc\x00def"
    for path in ("/", "/plans/", "/accounts/login/", "/regimens/"):
        assert client.get(path).status_code == 400, path


@pytest.mark.parametrize(
    "path",
    [
        "/admin/regimens/ruleversion/?status__exact=%00",
        "/admin/auth/user/?username=%00",
        "/regimens/?q=%00",
        "/plans/{plan}/log/?day=2026-03-02%00",
    ],
)
def test_a_nul_byte_in_a_query_is_a_400(client, owner, path):
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)
    plan = make_plan(owner)
    assert client.get(path.format(plan=plan.public_id)).status_code == 400


def test_a_nul_byte_in_a_form_is_refused_by_the_form_and_saves_nothing(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/profile/", {"timezone": "Europe/\x00London"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert Profile.objects.get(user=owner).timezone == ""


@pytest.mark.parametrize("path", ["/regimens/?q=%00", "/questions/?q=%00", "/"])
def test_the_refusal_carries_the_headers_of_every_page(client, path):
    """The 400 came from outside the clickjacking and CSP middleware, without their headers."""
    client.cookies["sessionid"] = "abc\x00def" if path == "/" else "x"
    response = client.get(path)
    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src" in response["Content-Security-Policy"]
