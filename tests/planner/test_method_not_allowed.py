"""Addresses that only take a form's answer (Django's require_POST): a visit to one (from the
browser's history, or Enter in the address bar after a refused form, whose page shows that
address) gets the site's page saying where to go, not a blank one. The 405 and its Allow
header stay."""

import pytest

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def plan(owner):
    return make_plan(owner)


@pytest.mark.parametrize("path", ["rest/", "sessions/1/", "end/"])
def test_a_visit_to_a_plan_form_address_gets_a_page_with_the_way_back(client, owner, plan, path):
    client.force_login(owner)
    response = client.get(f"/plans/{plan.public_id}/{path}")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    body = response.content.decode()
    assert "This address takes the answer of a form" in body
    assert 'href="/today/"' in body and "Educational aid, not medical advice." in body
    assert "Content-Security-Policy" in response.headers


def test_a_visitor_gets_the_page_too(client):
    response = client.get("/reader/")
    assert response.status_code == 405
    assert "This address takes the answer of a form" in response.content.decode()
    assert 'href="/today/"' not in response.content.decode()  # Home for someone not logged in


def test_other_methods_keep_django_s_plain_answer(client, owner, plan):
    client.force_login(owner)
    assert client.head(f"/plans/{plan.public_id}/rest/").status_code == 405
    response = client.put(f"/plans/{plan.public_id}/rest/")
    assert response.status_code == 405 and response.content == b""


def test_a_405_without_an_allow_header_still_gets_the_page(rf, owner):
    """Not Django's decorators but a view's own HttpResponse(status=405): no 500 from the page."""
    from django.http import HttpResponse

    from planner.middleware import MethodNotAllowedPage

    request = rf.get("/somewhere/")
    request.user = owner
    response = MethodNotAllowedPage(lambda request: HttpResponse(status=405))(request)
    assert response.status_code == 405 and "Allow" not in response
    assert "This address takes the answer of a form" in response.content.decode()
