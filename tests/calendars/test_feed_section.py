"""The feed sections of the plan page and of the plans list (views: plan-detail, plan-list)."""

import pytest

from factories import make_plan
from planner.calendars import feeds
from queries import rendered_queries

pytestmark = pytest.mark.usefixtures("catalogue")


def page(client, path, **extra) -> str:
    response = client.get(path, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_a_plan_without_a_link_offers_to_create_one(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = page(client, f"/plans/{plan.public_id}/")
    assert 'id="feed"' in body
    assert "Create feed link" in body
    assert f'action="/plans/{plan.public_id}/feed/rotate/"' in body
    assert f'href="/plans/{plan.public_id}/calendar.ics"' in body
    assert "webcal://" not in body


def test_a_live_link_shows_as_https_and_webcal_with_notes_and_buttons(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan).token
    client.force_login(owner)
    body = page(client, f"/plans/{plan.public_id}/", secure=True)
    assert f'href="https://testserver/feeds/{token}.ics"' in body
    assert f'href="webcal://testserver/feeds/{token}.ics"' in body
    for note in ("Google Calendar", "Apple Calendar", "Outlook", "From URL"):
        assert note in body
    assert f'action="/plans/{plan.public_id}/feed/rotate/"' in body
    assert f'action="/plans/{plan.public_id}/feed/revoke/"' in body
    assert "Create feed link" not in body


def test_in_development_the_link_keeps_the_request_scheme(client, owner):
    plan = make_plan(owner)
    token = feeds.feed_rotate(user=owner, plan=plan).token
    client.force_login(owner)
    body = page(client, f"/plans/{plan.public_id}/")
    assert f'href="http://testserver/feeds/{token}.ics"' in body
    assert f'href="webcal://testserver/feeds/{token}.ics"' in body


def test_the_discreet_titles_switch_shows_the_current_setting(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    body = page(client, f"/plans/{plan.public_id}/")
    assert f'action="/plans/{plan.public_id}/discreet/"' in body
    assert "Use discreet titles" in body
    feeds.discreet_titles_set(plan=plan, on=True)
    assert "Discreet titles are on" in page(client, f"/plans/{plan.public_id}/")


def test_another_plan_s_link_is_not_shown(client, owner):
    plan, other = make_plan(owner), make_plan(owner, "aldara-sbcc", weekdays=())
    token = feeds.feed_rotate(user=owner, plan=other).token
    everything = feeds.feed_rotate(user=owner).token
    client.force_login(owner)
    body = page(client, f"/plans/{plan.public_id}/")
    assert token not in body and everything not in body


def test_the_feed_section_adds_one_query_to_the_plan_page(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    path = f"/plans/{plan.public_id}/"
    rendered_queries(client, path)  # warm the content-type cache
    without = rendered_queries(client, path)
    feeds.feed_rotate(user=owner, plan=plan)
    assert rendered_queries(client, path) == without


def test_the_plans_list_offers_the_all_plans_feed(client, owner):
    make_plan(owner)
    client.force_login(owner)
    body = page(client, "/plans/")
    assert 'action="/feeds/all/rotate/"' in body and "Create feed link" in body
    token = feeds.feed_rotate(user=owner).token
    body = page(client, "/plans/", secure=True)
    assert f'href="https://testserver/feeds/{token}.ics"' in body
    assert f'href="webcal://testserver/feeds/{token}.ics"' in body
    assert 'action="/feeds/all/revoke/"' in body


@pytest.mark.parametrize(
    ("button", "said"),
    [
        ("feed/rotate/", "New feed link ready"),
        ("feed/revoke/", "Feed link turned off"),
        ("discreet/", "Calendar titles now use"),
    ],
)
def test_a_feed_buttons_answer_is_shown_in_the_section_it_returns_to(client, owner, button, said):
    """The redirect lands on #feed, far down the page: the answer is there, not at the top."""
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(f"/plans/{plan.public_id}/{button}", {"discreet_titles": "1"})
    assert response["Location"].endswith("#feed")
    body = page(client, response["Location"])
    assert body.count(said) == 1
    assert body.index('id="feed"') < body.index(said)


@pytest.mark.parametrize(("button", "said"), [("rotate/", "New feed link"), ("revoke/", "turned")])
def test_the_all_plans_feeds_answer_is_shown_in_its_section(client, owner, button, said):
    client.force_login(owner)
    response = client.post(f"/feeds/all/{button}")
    body = page(client, response["Location"])
    assert body.count(said) == 1
    assert body.index('id="feed"') < body.index(said)


def test_a_copy_button_for_the_link_waits_for_its_script(client, owner):
    """Selecting a long link on a phone is fiddly. The button starts hidden: copy.js shows it
    where the browser can copy, so a page without scripts never shows a dead button."""
    plan = make_plan(owner)
    client.force_login(owner)
    links = {
        f"/plans/{plan.public_id}/": feeds.feed_rotate(user=owner, plan=plan).token,
        "/plans/": feeds.feed_rotate(user=owner, plan=None).token,  # the all-plans feed
    }
    for path, token in links.items():
        body = page(client, path, secure=True)
        url = f"https://testserver/feeds/{token}.ics"
        assert f'<button type="button" class="secondary" data-copy="{url}" hidden>' in body
        assert body.count('src="/static/planner/copy.js"') == 1, path


def test_a_first_feed_link_does_not_speak_of_an_earlier_one(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    response = client.post(f"/plans/{plan.public_id}/feed/rotate/", follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["New feed link ready."]
    response = client.post(f"/plans/{plan.public_id}/feed/rotate/", follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["New feed link ready; the earlier link has stopped working."]
