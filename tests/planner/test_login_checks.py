"""Every logged-in request reads its session and user in SQL (planner.login_sessions and
planner.auth_backends); they keep all of Django's checks."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from factories import PASSWORD
from planner import lookups
from planner.login_sessions import SessionStore


def test_the_app_uses_them():
    assert settings.SESSION_ENGINE == "planner.login_sessions"
    assert settings.AUTHENTICATION_BACKENDS[-1] == "planner.auth_backends.ModelBackend"


def test_a_login_session_matches_the_orm(db):
    store = SessionStore()
    store["note"] = "ü ✓"
    store.save()
    session = lookups.login_session(store.session_key)
    stored = Session.objects.get(session_key=store.session_key)
    assert (session.session_data, session.expire_date) == (stored.session_data, stored.expire_date)
    assert SessionStore(store.session_key)["note"] == "ü ✓"


def test_an_expired_or_unknown_session_is_empty_and_not_kept(db):
    store = SessionStore()
    store["note"] = "old"
    store.set_expiry(timezone.now() + dt.timedelta(seconds=60))
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    for key in (store.session_key, "x" * 32, "é" * 500):
        later = SessionStore(key)
        assert later.load() == {}
        assert later.session_key is None  # a new key is made, never the one offered


def test_a_user_matches_the_orm(owner):
    owner.last_login = timezone.now()
    owner.is_staff = True
    owner.first_name = "Ünïcode"
    owner.save()
    fetched = lookups.user(str(owner.pk))  # sessions store the primary key as text
    fields = [field.attname for field in type(owner)._meta.concrete_fields]
    expected = type(owner).objects.get(pk=owner.pk)
    values = [(getattr(fetched, f), type(getattr(fetched, f))) for f in fields]
    assert values == [(getattr(expected, f), type(getattr(expected, f))) for f in fields]
    assert fetched.last_login.tzinfo is not None
    assert not fetched._state.adding and fetched._state.db == "default"
    assert lookups.user(owner.pk + 1000) is None


def log_in(client):
    form = {"username": "owner", "password": PASSWORD}
    assert client.post("/accounts/login/", form).status_code == 302
    assert client.get("/plans/").status_code == 200


def test_a_password_change_elsewhere_ends_the_session(client, owner):
    log_in(client)
    owner.set_password("another-Passw0rd!")
    owner.save()
    assert client.get("/plans/").status_code == 302


def test_a_deactivated_user_is_logged_out(client, owner):
    log_in(client)
    owner.is_active = False
    owner.save()
    assert client.get("/plans/").status_code == 302


def test_an_expired_session_is_logged_out(client, owner):
    log_in(client)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/plans/").status_code == 302


@pytest.mark.parametrize("junk", ["", "short", "x" * 40, "'; DROP TABLE django_session; --"])
def test_a_made_up_session_cookie_is_anonymous(client, owner, junk):
    log_in(client)
    client.cookies[settings.SESSION_COOKIE_NAME] = junk
    assert client.get("/plans/").status_code == 302
    assert Session.objects.count() == 1
