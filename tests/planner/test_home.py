"""The site's root: the public introduction, or tonight's actions for a logged-in person."""

import pytest

from factories import make_plan


@pytest.mark.django_db
def test_anonymous_visitors_get_the_introduction_with_sign_up(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/accounts/signup/"' in response.content.decode()


@pytest.mark.usefixtures("catalogue")
def test_a_logged_in_person_is_taken_to_today(client, owner):
    """The brand link and a bookmarked root lead to tonight's application, as a log-in does."""
    make_plan(owner)
    client.force_login(owner)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/today/", 302)]
    assert "<h1>Today</h1>" in response.content.decode()
