"""Every URL pattern, requested as anonymous, owner, another user and a regimen editor;
each response, whatever its status, also carries the security headers.

The expectations below are the access policy in one table. A URL pattern added without
an expectation here fails `test_every_url_pattern_has_an_expectation`.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from factories import make_plan, make_user
from headers import assert_security_headers
from planner.models import FeedToken

ROLES = ("anonymous", "owner", "other", "editor")
PUBLIC = dict.fromkeys(ROLES, 200)
LOGIN = {"anonymous": 302, "owner": 200, "other": 200, "editor": 200}
PRIVATE = {"anonymous": 302, "owner": 200, "other": 404, "editor": 404}
PRIVATE_POST = {"anonymous": 302, "owner": 302, "other": 404, "editor": 404}
OWN_POST = dict.fromkeys(ROLES, 302)  # anonymous: to log in; others: back after acting

# name -> (method, expected status per role)
EXPECT = {
    "home": ("get", PUBLIC),
    "healthz": ("get", PUBLIC),
    "signup": ("get", {"anonymous": 200, "owner": 302, "other": 302, "editor": 302}),
    "login": ("get", PUBLIC),
    "logout": ("get", dict.fromkeys(ROLES, 405)),  # POST only (CSRF-safe)
    "password_change": ("get", LOGIN),
    "password_change_done": ("get", LOGIN),
    "password_reset": ("get", PUBLIC),
    "password_reset_done": ("get", PUBLIC),
    "password_reset_confirm": ("get", PUBLIC),  # a junk token shows "link no longer valid"
    "password_reset_complete": ("get", PUBLIC),
    "profile": ("get", LOGIN),
    "data-export": ("get", LOGIN),
    "account-delete": ("get", LOGIN),
    "plan-list": ("get", LOGIN),
    "plan-add": ("get", LOGIN),
    "plan-detail": ("get", PRIVATE),
    "plan-print": ("get", PRIVATE),
    "plan-month": ("get", PRIVATE),
    "plan-ics": ("get", PRIVATE),
    "symptom-log": ("get", PRIVATE),
    "symptom-edit": ("get", PRIVATE),
    "symptom-csv": ("get", PRIVATE),
    "plan-report": ("get", PRIVATE),
    "plan-end": ("post", PRIVATE_POST),
    "rest-add": ("post", PRIVATE_POST),
    "session-update": ("post", PRIVATE_POST),
    "feed-rotate": ("post", PRIVATE_POST),
    "feed-revoke": ("post", PRIVATE_POST),
    "plan-discreet": ("post", PRIVATE_POST),
    "user-feed-rotate": ("post", OWN_POST),  # each user's own all-plans feed
    "user-feed-revoke": ("post", OWN_POST),
    "feed": ("get", PUBLIC),  # the long random token is the key; calendar apps cannot log in
    "regimen-list": ("get", PUBLIC),
    "regimen-detail": ("get", PUBLIC),
    "regimen-version": ("get", PUBLIC),
}
ADMIN_INDEX = {"anonymous": 302, "owner": 302, "other": 302, "editor": 200}


def url_names(resolver=None, namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_names(pattern, pattern.namespace or namespace)
        elif namespace != "admin":  # the admin is checked as a whole below
            yield pattern.name


def test_every_url_pattern_has_an_expectation():
    names = list(url_names())
    assert None not in names, "every URL pattern needs a name"
    assert set(names) == set(EXPECT), set(names) ^ set(EXPECT)


@pytest.fixture
def world(catalogue):
    owner, other = make_user("owner"), make_user("other")
    editor = make_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Regimen editors"))
    start = timezone.localdate() - dt.timedelta(days=14)
    plan = make_plan(owner, start_date=start - dt.timedelta(days=start.weekday()))
    token = FeedToken.objects.create(user=owner, plan=plan).token
    users = {"anonymous": None, "owner": owner, "other": other, "editor": editor}
    return plan, token, users


def kwargs_for(name, plan, token):
    """A value for each parameter the pattern takes, read from the resolver."""
    [(_, params)] = get_resolver().reverse_dict.getlist(name)[0][0]
    values = {
        "public_id": plan.public_id,
        "year": plan.start_date.year,
        "month": plan.start_date.month,
        "day": plan.start_date,
        "number": 1,
        "token": "not-a-token" if name == "password_reset_confirm" else token,
        "uidb64": "MQ",
        "slug": "aldara-ak",
        "version": 1,
    }
    return {param: values[param] for param in params}


def post_data(name, plan) -> dict:
    rest = {"first_day": plan.start_date, "last_day": plan.start_date + dt.timedelta(days=2)}
    return {
        "plan-end": {"status": "stopped", "confirm": "1"},
        "session-update": {"status": "rest"},
        "rest-add": rest,
    }.get(name, {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECT))
def test_the_access_policy_holds(client, world, name, role):
    plan, token, users = world
    if users[role]:
        client.force_login(users[role])
    method, expected = EXPECT[name]
    url = reverse(name, kwargs=kwargs_for(name, plan, token))
    response = getattr(client, method)(url, post_data(name, plan))
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
    assert_security_headers(response, f"{role} {method.upper()} {url}")
    if expected[role] == 302 and role == "anonymous" and EXPECT[name][1] is not PUBLIC:
        assert "/accounts/login/" in response["Location"] or name == "signup"


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_reach_the_admin(client, world, role):
    _, _, users = world
    if users[role]:
        client.force_login(users[role])
    response = client.get("/admin/")
    assert response.status_code == ADMIN_INDEX[role]
    assert_security_headers(response, f"{role} /admin/")
