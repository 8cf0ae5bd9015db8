"""The login check reads a session, its user and (for a cached plan page) the plan's stamp in
one statement (planner.login_sessions, planner.lookups.login); it keeps all of Django's checks."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import PASSWORD, make_plan
from planner import lookups
from planner.login_sessions import cached_db, middleware
from planner.login_sessions.db import SessionStore
from planner.models import LoginSession


def test_the_app_uses_them():
    assert settings.SESSION_ENGINE == "planner.login_sessions.db"
    assert "planner.login_sessions.middleware.AuthenticationMiddleware" in settings.MIDDLEWARE
    assert settings.AUTHENTICATION_BACKENDS[-1] == "planner.auth_backends.ModelBackend"


def fields_of(user) -> list:
    names = [field.attname for field in type(user)._meta.concrete_fields]
    return [(getattr(user, name), type(getattr(user, name))) for name in names]


def saved(data: dict, store_class=SessionStore):
    store = store_class()
    store.update(data)
    store.save()
    return store


def test_a_login_matches_the_orm(owner):
    owner.last_login = timezone.now()
    owner.first_name = "Ünïcode"
    owner.save()
    store = saved({SESSION_KEY: str(owner.pk), "note": "ü ✓"})
    login = lookups.login(store.session_key)
    stored = LoginSession.objects.get(session_key=store.session_key)
    assert (login.session_data, login.expire_date) == (stored.session_data, stored.expire_date)
    assert login.user_id == stored.user_id == owner.pk
    assert fields_of(login.user) == fields_of(type(owner).objects.get(pk=owner.pk))
    assert login.user.last_login.tzinfo is not None
    assert not login.user._state.adding and login.user._state.db == "default"
    assert login.plan is None and SessionStore(store.session_key)["note"] == "ü ✓"


def test_a_user_alone_matches_the_orm(owner):
    """Without a login statement (the cached_db engine), the backend reads the user alone."""
    fetched = lookups.user(str(owner.pk))  # sessions keep the primary key as text
    assert fields_of(fetched) == fields_of(type(owner).objects.get(pk=owner.pk))
    assert lookups.user(owner.pk + 1000) is None


def test_a_login_reads_the_stamp_of_its_user_s_plan_only(catalogue, owner, outsider):
    plan, other = make_plan(owner), make_plan(outsider)
    key = saved({SESSION_KEY: str(owner.pk)}).session_key
    stamp = lookups.login(key, plan.public_id).plan
    assert stamp is not None and stamp == lookups.plan_stamp(owner.pk, plan.public_id)
    assert lookups.login(key, other.public_id).plan is None
    assert lookups.login(key, other.public_id).user == owner


def test_a_session_before_a_login_has_no_user(db):
    login = lookups.login(saved({"note": "anonymous"}).session_key)
    assert login.user is None and login.user_id is None


@pytest.mark.parametrize("store_class", [SessionStore, cached_db.SessionStore])
def test_both_engines_keep_the_user_column(owner, store_class):
    """The cached_db engine (with REDIS_URL) writes the same table; a junk id is no user."""
    store = saved({SESSION_KEY: str(owner.pk)}, store_class)
    assert LoginSession.objects.get(pk=store.session_key).user == owner
    store[SESSION_KEY] = "not-a-number"
    store.save()
    assert LoginSession.objects.get(pk=store.session_key).user is None


def test_an_expired_or_unknown_session_is_empty_and_not_kept(owner):
    store = saved({SESSION_KEY: str(owner.pk)})
    LoginSession.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    for key in (store.session_key, "x" * 32, "é" * 500):
        later = SessionStore(key)
        assert later.load() == {}
        assert later.session_key is None  # a new key is made, never the one offered


def log_in(client):
    form = {"username": "owner", "password": PASSWORD}
    assert client.post("/accounts/login/", form).status_code == 302
    assert client.get("/plans/").status_code == 200


def test_a_logged_in_request_reads_session_and_user_in_one_query(client, owner):
    log_in(client)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/accounts/profile/").status_code == 200
    assert "planner_loginsession" in captured[0]["sql"]
    assert not any('FROM "auth_user"' in query["sql"] for query in captured[1:])
    assert middleware._checking.get() is None  # lent for the check only


def test_the_user_is_the_one_the_session_data_names(catalogue, client, owner, outsider):
    """The user column is only a shortcut: if it ever disagreed with the session data, the
    check reads the user the data names, and plan pages are that user's."""
    plan, other = make_plan(owner), make_plan(outsider, label="someone else")
    log_in(client)
    LoginSession.objects.update(user=outsider)
    assert client.get(f"/plans/{plan.public_id}/").status_code == 200
    assert client.get(f"/plans/{other.public_id}/").status_code == 404
    assert "someone else" not in client.get("/plans/").content.decode()


def test_with_the_cached_db_engine_plan_pages_read_the_stamp_on_their_own(
    catalogue, client, owner, outsider, settings
):
    """REDIS_URL switches to Django's cached_db engine, which has no login statement."""
    settings.SESSION_ENGINE = "planner.login_sessions.cached_db"
    plan, other = make_plan(owner), make_plan(outsider)
    client.force_login(owner)
    for _ in range(2):  # built, then from the page cache
        assert client.get(f"/plans/{plan.public_id}/").status_code == 200
    assert client.get(f"/plans/{other.public_id}/").status_code == 404
    assert LoginSession.objects.get().user == owner


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
    LoginSession.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/plans/").status_code == 302


def test_logging_out_ends_the_session_on_this_device_only(client, owner):
    log_in(client)
    phone = Client()
    log_in(phone)
    client.post("/accounts/logout/")
    assert client.get("/plans/").status_code == 302
    assert phone.get("/plans/").status_code == 200
    assert LoginSession.objects.filter(user=owner).count() == 1


@pytest.mark.parametrize("junk", ["", "short", "x" * 40, "'; DROP TABLE planner_loginsession; --"])
def test_a_made_up_session_cookie_is_anonymous(client, owner, junk):
    log_in(client)
    client.cookies[settings.SESSION_COOKIE_NAME] = junk
    assert client.get("/plans/").status_code == 302
    assert LoginSession.objects.count() == 1
