"""The plan page, month page and log page are cached whole (planner.pagecache): a repeat view
costs one query, and every write, the day and a passing wash-off time show at once."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from factories import make_plan, make_user
from planner import feeds, pagecache
from planner.models.symptoms import ITEMS
from planner.pagecache import stand_in
from regimens import versions

pytestmark = pytest.mark.usefixtures("catalogue")
# Thursday 5 March 2026, 12:00 in London: the AK plan (Mon/Thu, 22:00, 8 h) applies tonight.
THURSDAY_NOON = dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)
pinned = time_machine.travel(THURSDAY_NOON, tick=False)


def pages(plan) -> list[str]:
    base = f"/plans/{plan.public_id}/"
    return [base, f"{base}calendar/2026-03/", f"{base}log/"]


def body(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        body(client, path)
    return len(captured)


@pinned
@pytest.mark.parametrize("which", range(3))
def test_a_repeat_view_costs_one_query_whatever_the_plan(client, owner, which):
    """Session, user and the plan's stamp, in one statement; the longer plan costs the same."""
    client.force_login(owner)
    for plan in (make_plan(owner), make_plan(owner, "zyclara-egw", weekdays=())):
        path = pages(plan)[which]
        first = queries(client, path)
        assert queries(client, path) == 1 < first


@pinned
@pytest.mark.parametrize("which", range(3))
def test_a_cached_page_is_still_the_owner_s_only(client, owner, outsider, which):
    plan = make_plan(owner)
    client.force_login(owner)
    path = pages(plan)[which]
    body(client, path)
    client.force_login(outsider)
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302


@pinned
def test_each_view_of_a_cached_page_carries_its_own_working_csrf_token(owner):
    plan = make_plan(owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    path = pages(plan)[0]
    body(client, path)
    page = body(client, path)  # from the cache
    assert "slot-" not in page and stand_in("csrf") not in page
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1
    response = client.post(
        f"{path}sessions/2/", {"status": "missed", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302
    assert plan.sessions.get(number=2).status == "missed"


@pinned
def test_messages_show_once_on_a_cached_page(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    path = pages(plan)[0]
    body(client, path)
    client.post(f"{path}sessions/2/", {"status": "missed"})
    assert "Application 2 marked missed." in body(client, path)
    again = body(client, path)
    assert "Application 2 marked missed." not in again
    assert stand_in("messages") not in again


@time_machine.travel(THURSDAY_NOON)  # ticking: each write gets a later updated_at
def test_every_write_shows_at_once(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    path = pages(plan)[0]
    assert 'class="apply missed' not in body(client, path)

    client.post(f"{path}sessions/2/", {"status": "missed"})
    assert 'class="apply missed' in body(client, path)

    client.post(f"{path}rest/", {"first_day": "2026-03-09", "last_day": "2026-03-12"})
    assert "Rest periods taken" in body(client, path)

    client.post(f"{path}log/2026-03-05/", {**dict.fromkeys(ITEMS, "0"), "erosion": "1"})
    assert "open sores (mild)" in body(client, path)

    client.post(f"{path}feed/rotate/")
    token = feeds.feed_of(user=owner, plan=plan).token
    assert token in body(client, path)
    client.post(f"{path}feed/revoke/")
    assert token not in body(client, path)

    client.post(f"{path}discreet/", {"discreet_titles": "1"})
    assert "Discreet titles are on" in body(client, path)

    client.post(f"{path}end/", {"status": "stopped", "confirm": "1"})
    assert "Stopped on" in body(client, path)


@time_machine.travel(THURSDAY_NOON)
def test_the_log_page_and_month_follow_a_new_entry(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    _, month, log = pages(plan)
    assert "has-log" not in body(client, month)
    assert "Nothing logged yet." in body(client, log)
    client.post(f"{log}2026-03-05/", {**dict.fromkeys(ITEMS, "0"), "erythema": "2"})
    assert "has-log" in body(client, month)
    assert "Worst overall: <strong>moderate</strong>" in body(client, log)


@time_machine.travel(THURSDAY_NOON)
def test_a_newer_approved_version_is_announced_at_once(client, owner):
    plan = make_plan(owner)
    client.force_login(owner)
    path = pages(plan)[0]
    assert "A newer version of this regimen" not in body(client, path)
    draft = versions.save_as_new_version(plan.rule)
    assert "A newer version of this regimen" not in body(client, path)  # a draft: nothing yet
    versions.approve(versions.submit_for_review(draft), user=make_user("pharmacist"))
    assert "A newer version of this regimen" in body(client, path)


def test_the_page_moves_on_when_the_cream_is_washed_off(client, owner):
    """Applied at 08:00, washed off at 16:00 the same day: no write, yet the next one shows."""
    plan = make_plan(owner, application_time=dt.time(8, 0))
    client.force_login(owner)
    path = pages(plan)[0]
    with time_machine.travel(dt.datetime(2026, 3, 5, 15, 59, tzinfo=dt.UTC), tick=False):
        assert "Next application: <strong>Thu 5 Mar, 08:00" in body(client, path)
    with time_machine.travel(dt.datetime(2026, 3, 5, 16, 1, tzinfo=dt.UTC), tick=False):
        assert "Next application: <strong>Mon 9 Mar, 08:00" in body(client, path)


def test_the_day_is_the_plan_s_own(client, owner):
    """Midnight in the plan's zone starts a new page, while no write happened."""
    plan = make_plan(owner, timezone="Pacific/Auckland")
    client.force_login(owner)
    path = pages(plan)[0]
    with time_machine.travel(dt.datetime(2026, 3, 5, 10, 59, tzinfo=dt.UTC), tick=False):
        assert 'id="tonight"' in body(client, path)  # Thursday 23:59 in Auckland
    with time_machine.travel(dt.datetime(2026, 3, 5, 11, 1, tzinfo=dt.UTC), tick=False):
        assert "No application tonight." in body(client, path)  # Friday 00:01


@pinned
def test_feed_links_follow_the_host_asked_for(client, owner, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    plan = make_plan(owner)
    feeds.feed_rotate(user=owner, plan=plan)
    client.force_login(owner)
    path = pages(plan)[0]
    assert (
        "https://one.example/feeds/"
        in client.get(path, HTTP_HOST="one.example", secure=True).content.decode()
    )
    assert (
        "https://two.example/feeds/"
        in client.get(path, HTTP_HOST="two.example", secure=True).content.decode()
    )


@pinned
def test_a_page_stored_by_another_release_is_not_served(client, owner, monkeypatch):
    """A shared cache outlives a deploy: the release is part of every key."""
    plan = make_plan(owner)
    client.force_login(owner)
    path = pages(plan)[0]
    body(client, path)
    assert queries(client, path) == 1
    monkeypatch.setattr(pagecache, "release", lambda: "the next release")
    assert queries(client, path) > 1


def test_the_release_digest_follows_every_file_but_bytecode(tmp_path, monkeypatch):
    template = tmp_path / "app" / "templates" / "page.html"
    template.parent.mkdir(parents=True)
    template.write_text("one")
    monkeypatch.setattr(pagecache, "APPS", [tmp_path / "app"])
    first = pagecache.release.__wrapped__()
    (tmp_path / "app" / "__pycache__").mkdir()
    (tmp_path / "app" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\0")
    assert pagecache.release.__wrapped__() == first
    template.write_text("two")
    assert pagecache.release.__wrapped__() != first


def test_a_stored_page_gets_one_token_in_every_form_and_none_without_a_form(rf):
    """Pages are stored as bytes cut at the stand-ins; a page with no form makes no token."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.base import SessionBase

    def request():
        made = rf.get("/")
        made.session = SessionBase()
        made._messages = FallbackStorage(made)
        return made

    token, messages = stand_in("csrf"), stand_in("messages")
    html = f"<p>é</p>{messages}<form>{token}</form><form>{token}</form>"
    with_forms = request()
    filled = pagecache.fill(with_forms, pagecache.split(html)).decode()
    tokens = re.findall(r"<form>([^<]+)</form>", filled)
    assert filled.startswith("<p>é</p><form>") and len(set(tokens)) == 1
    assert stand_in("csrf") not in filled and "CSRF_COOKIE" in with_forms.META
    no_form = request()
    assert pagecache.fill(no_form, pagecache.split(f"<p>{messages}</p>")) == b"<p></p>"
    assert "CSRF_COOKIE" not in no_form.META
