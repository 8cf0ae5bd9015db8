"""Every page type carries the security headers."""

import pytest

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def pages(owner):
    plan = make_plan(owner)
    base = f"/plans/{plan.public_id}"
    return [
        "/",
        "/accounts/login/",
        "/regimens/",
        "/regimens/aldara-ak/",
        "/plans/",
        "/plans/new/",
        f"{base}/",
        f"{base}/print/",
        "/healthz",
    ]


def test_every_page_type_has_the_security_headers(client, owner, pages):
    client.force_login(owner)
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert response["X-Frame-Options"] == "DENY", path


def test_pages_have_no_inline_script(client, owner, pages):
    client.force_login(owner)
    for path in pages:
        body = client.get(path).content.decode()
        assert "<script>" not in body, path
        assert " onclick=" not in body and " onload=" not in body, path
