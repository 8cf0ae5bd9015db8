"""A session in use does not run out: a course lasts up to 16 weeks, and Django's fixed two
weeks logged out, mid-course, someone who opened Today every night. Once a day a logged-in
person's session is saved again, which gives it and its cookie SESSION_COOKIE_AGE from then;
idle that long, it ends as before. One write a day, not one a request."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session as StoredSession
from django.core.cache import cache

from factories import PASSWORD
from planner import middleware

pytestmark = pytest.mark.usefixtures("catalogue")
LOGGED_IN = dt.datetime(2026, 3, 2, 20, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def log_in(client, owner):
    with time_machine.travel(LOGGED_IN, tick=False):
        client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})


def today_at(client, when: dt.datetime):
    """Today's page as the person sees it then; with Redis, a cached session is dropped as
    its real expiry would drop it (time-machine moves the clock, not Redis's)."""
    with time_machine.travel(when, tick=False):
        cache.clear()
        return client.get("/today/")


def expiry() -> dt.datetime:
    return StoredSession.objects.get().expire_date


def test_a_session_used_every_few_days_lasts_the_whole_course(client, owner, settings):
    log_in(client, owner)
    for day in range(10, 16 * 7, 10):  # past the first two weeks, and on to 16
        response = today_at(client, LOGGED_IN + day * DAY)
        assert response.status_code == 200, f"logged out on day {day}"
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == (
            settings.SESSION_COOKIE_AGE
        )


def test_a_session_idle_for_longer_ends_as_before(client, owner, settings):
    log_in(client, owner)
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE) + DAY
    assert today_at(client, LOGGED_IN + idle)["Location"].startswith("/accounts/login/")


def test_it_is_saved_once_a_day_not_on_every_request(client, owner, settings):
    log_in(client, owner)
    later = LOGGED_IN + 3 * DAY
    assert settings.SESSION_COOKIE_NAME in today_at(client, later).cookies
    renewed = expiry()
    assert renewed == later + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    again = today_at(client, later + dt.timedelta(hours=2))
    assert settings.SESSION_COOKIE_NAME not in again.cookies  # nothing saved
    assert expiry() == renewed


def test_the_log_in_is_its_days_save_and_anonymous_visits_make_no_session(client, owner, settings):
    with time_machine.travel(LOGGED_IN, tick=False):
        client.get("/")
        client.get("/regimens/")
    assert not StoredSession.objects.exists()
    log_in(client, owner)
    first = expiry()
    response = today_at(client, LOGGED_IN + dt.timedelta(hours=1))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert expiry() == first


def test_a_page_whose_session_ended_meanwhile_says_so_plainly(client, owner, monkeypatch):
    """Django's answer (SessionInterrupted, 400) when a page's renewal finds its session
    deleted by a log-out elsewhere at that moment: this site's words, a way back in."""
    log_in(client, owner)
    renew = middleware.mark_renewed

    def logged_out_elsewhere_meanwhile(session):
        StoredSession.objects.all().delete()
        renew(session)

    monkeypatch.setattr(middleware, "mark_renewed", logged_out_elsewhere_meanwhile)
    with time_machine.travel(LOGGED_IN + DAY, tick=False):
        cache.clear()
        client.raise_request_exception = False
        response = client.get("/regimens/")  # a public page: it renders, then renews
    assert response.status_code == 400
    body = response.content.decode()
    assert "logged out on another device" in body and 'href="/accounts/login/"' in body
    assert "Educational aid, not medical advice" in body


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest"])
def test_what_reads_no_session_renews_none(client, owner, path, django_assert_num_queries):
    """The installed app's script and manifest, fetched with the session cookie on every
    start: they never read the session, so no renewal loads it (a query each) on their way."""
    log_in(client, owner)
    with time_machine.travel(LOGGED_IN + DAY, tick=False), django_assert_num_queries(0):
        cache.clear()
        assert client.get(path).status_code == 200
