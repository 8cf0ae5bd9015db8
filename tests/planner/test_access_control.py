"""Every URL pattern, requested as anonymous, owner, another user, a regimen editor and a
regimen reviewer; each response, whatever its status, also carries the security headers.

The expectations below are the access policy: a table for the app's URLs and a rule for the
admin's. A URL pattern added without an expectation fails: the app's in
`test_every_url_pattern_has_an_expectation`, the admin's (a model, a view or an app page the
rule has no status for) in `test_every_admin_url_follows_the_admin_policy`.
"""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from factories import make_plan, make_user
from headers import assert_security_headers
from planner.calendars.models import FeedToken
from regimens.education.models import EntryVersion, Reference
from regimens.jurisdictions import JurisdictionVersion
from regimens.models import ProductLimits, RuleVersion

ROLES = ("anonymous", "owner", "other", "editor", "reviewer")
STAFF = ("editor", "reviewer")
PUBLIC = dict.fromkeys(ROLES, 200)
LOGIN = {"anonymous": 302, "owner": 200, "other": 200, "editor": 200, "reviewer": 200}
PRIVATE = {"anonymous": 302, "owner": 200, "other": 404, "editor": 404, "reviewer": 404}
PRIVATE_POST = {"anonymous": 302, "owner": 302, "other": 404, "editor": 404, "reviewer": 404}
OWN_POST = dict.fromkeys(ROLES, 302)  # anonymous: to log in; others: back after acting

# name -> (method, expected status per role)
EXPECT = {
    "home": ("get", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),  # logged in: to Today
    "healthz": ("get", PUBLIC),
    "favicon": ("get", dict.fromkeys(ROLES, 302)),  # to the icon, for anyone
    "web-manifest": ("get", PUBLIC),  # nothing personal; browsers fetch it without a session
    "service-worker": ("get", PUBLIC),
    "signup": ("get", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    "login": ("get", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),  # logged in: on to Today
    "logout": ("get", dict.fromkeys(ROLES, 405)),  # POST only (CSRF-safe)
    "password_change": ("get", LOGIN),
    "password_change_done": ("get", LOGIN),
    "password_reset": ("get", PUBLIC),
    "password_reset_done": ("get", PUBLIC),
    "password_reset_confirm": ("get", PUBLIC),  # a junk token shows "link no longer valid"
    "password_reset_complete": ("get", PUBLIC),
    "profile": ("get", LOGIN),
    "email-change": ("get", LOGIN),
    "email-confirm-send": ("post", OWN_POST),  # the person's own address; anonymous: log in
    "email-confirm": ("get", dict.fromkeys(ROLES, 400)),  # the emailed link: the token is the key
    "data-export": ("get", LOGIN),
    "account-delete": ("get", LOGIN),
    "today": ("get", LOGIN),
    "plan-list": ("get", LOGIN),
    "plan-add": ("get", LOGIN),
    "plan-add-prescribed": ("get", LOGIN),  # a plan as the person's clinician prescribed
    "plan-detail": ("get", PRIVATE),
    "plan-print": ("get", PRIVATE),
    "plan-history": ("get", PRIVATE),
    "plan-month": ("get", PRIVATE),
    "plan-ics": ("get", PRIVATE),
    "symptom-log": ("get", PRIVATE),
    "symptom-edit": ("get", PRIVATE),
    "symptom-delete": ("post", PRIVATE_POST),  # a day logged by mistake
    "symptom-csv": ("get", PRIVATE),
    "plan-report": ("get", PRIVATE),
    "plan-end": ("post", PRIVATE_POST),
    "plan-assessment": ("post", PRIVATE_POST),
    "plan-update": ("get", PRIVATE),  # the change form; an ended plan redirects to its page
    "plan-delete": ("get", PRIVATE),  # the confirmation page
    "rest-add": ("post", PRIVATE_POST),
    "rest-remove": ("post", PRIVATE_POST),
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
    "reminder-settings": ("get", LOGIN),
    "plan-reminders": ("get", PRIVATE),
    "plan-rule-alerts": ("post", PRIVATE_POST),  # alerts when the plan's rules change
    # Reminder links work without logging in (the signed token is the key): a token that is
    # not one (here a feed's) is refused alike for everyone.
    "reminder-action": ("get", dict.fromkeys(ROLES, 400)),
    "reminder-unsubscribe": ("get", dict.fromkeys(ROLES, 400)),
    "reminder-push-action": ("get", dict.fromkeys(ROLES, 405)),  # a service worker's POST only
    "push-subscribe": ("get", dict.fromkeys(ROLES, 405)),  # POST only (JSON, CSRF-checked)
    "push-unsubscribe": ("get", dict.fromkeys(ROLES, 405)),
    # Education (regimens/education): approved content is public; the reader's choice is a
    # POST that refuses an empty choice alike for everyone; staff preview drafts.
    "about-imiquimod": ("get", PUBLIC),
    "editorial-policy": ("get", PUBLIC),
    "question-list": ("get", PUBLIC),
    "question-detail": ("get", PUBLIC),
    "reader-choose": ("post", dict.fromkeys(ROLES, 400)),
    "education-preview": ("get", {**PRIVATE, "owner": 404, "editor": 200, "reviewer": 200}),
}


def url_names(resolver=None, namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_names(pattern, pattern.namespace or namespace)
        elif namespace != "admin":  # the admin has its own policy, below
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
    reviewer = make_user("reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Regimen reviewers"))
    start = timezone.localdate() - dt.timedelta(days=14)
    plan = make_plan(owner, start_date=start - dt.timedelta(days=start.weekday()))
    token = FeedToken.objects.create(user=owner, plan=plan).token
    future = timezone.localdate() + dt.timedelta(days=7)
    plan.rest_periods.create(first_day=future, last_day=future + dt.timedelta(days=2))
    users = {"anonymous": None, "owner": owner, "other": other, "editor": editor}
    users["reviewer"] = reviewer
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
        "slug": "missed-dose" if name == "question-detail" else "aldara-ak",
        "rest_id": plan.rest_periods.values_list("pk", flat=True).first(),
        "version": 1,
        "pk": EntryVersion.objects.filter(entry__slug="missed-dose").values_list("pk").get()[0],
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
        assert "/accounts/login/" in response["Location"] or name in ("signup", "favicon")


# No URL takes a method it is not for: Django's HTTP decorators (and the http_method_names of
# the class-based views) answer 405, so a PUT or DELETE is never taken for a GET or a POST.
OTHER_METHODS = ("PUT", "PATCH", "DELETE", "TRACE")


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_no_url_takes_a_method_it_is_not_for(client, world, name):
    plan, token, users = world
    client.force_login(users["owner"])
    url = reverse(name, kwargs=kwargs_for(name, plan, token))
    for method in OTHER_METHODS:
        response = client.generic(method, url)
        assert response.status_code == 405, f"{method} {url}"
        assert_security_headers(response, f"{method} {url}")


@pytest.mark.parametrize(
    "name", sorted(name for name, (method, _) in EXPECT.items() if method == "get")
)
def test_a_head_request_is_answered_as_its_get(client, world, name):
    """What link checkers and some calendar apps send first: the GET's status, no body."""
    plan, token, users = world
    client.force_login(users["owner"])
    url = reverse(name, kwargs=kwargs_for(name, plan, token))
    head = client.head(url)
    assert (head.status_code, head.content) == (client.get(url).status_code, b""), url


BUTTONS = sorted(
    name
    for name, (method, expected) in EXPECT.items()
    if method == "post" and expected["anonymous"] == 302
)


@pytest.mark.parametrize("name", BUTTONS)
def test_a_log_in_from_a_button_never_leads_back_to_its_post_only_url(client, world, name):
    """Its GET would be a blank 405 (tests/accounts/test_button_login.py): with no page of
    this site to go back to, the log-in leads to Today; the rest form's, to its place on the
    plan page, where the dates typed come back (tests/accounts/test_form_kept_through_login)."""
    plan, token, _ = world
    url = reverse(name, kwargs=kwargs_for(name, plan, token))
    response = client.post(url, post_data(name, plan))
    back = {"rest-add": f"/plans/{plan.public_id}/%23rest-heading"}.get(name, "/today/")
    assert response["Location"] == f"/accounts/login/?next={back}"


# The admin, every pattern of it: people who are not staff get its login page and nothing
# else; a regimen editor views, adds and changes the catalogue, a regimen reviewer only views
# it (and approves: a POST); neither deletes anything or sees another model (users, groups,
# django-axes' login records). Patients' plans are not in it.
ADMIN_SITE = {  # the site's own pages -> the staff's status (others: to the admin's login)
    "admin/": 200,
    "admin/login/": 302,  # already logged in: on to the index (everyone else gets the form)
    "admin/logout/": 405,  # POST only
    "admin/password_change/": 200,
    "admin/password_change/done/": 200,
    "admin/autocomplete/": 403,  # no model named
    "admin/jsi18n/": 200,
    "admin/regimens/": 200,
    "admin/auth/": 404,  # an app with nothing the editor may see
    "admin/axes/": 404,
    "admin/no-such-page/": 404,
}
STAFF_MAY = {  # a catalogue model's admin views -> the editor's and the reviewer's status
    "changelist": {"editor": 200, "reviewer": 200},
    "add": {"editor": 200, "reviewer": 403},
    "change": {"editor": 200, "reviewer": 200},  # the reviewer's is read-only
    "history": {"editor": 200, "reviewer": 200},
    "object": {"editor": 302, "reviewer": 302},  # on to its change page
    "delete": {"editor": 403, "reviewer": 403},
    "workflow": {"editor": 405, "reviewer": 405},  # review steps are POSTs
}


def admin_routes(resolver=None, prefix=""):
    """Each admin pattern's route: `admin/regimens/regimen/<path:object_id>/change/`."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if prefix or pattern.app_name == "admin":
                yield from admin_routes(pattern, route)
        elif prefix:
            yield route


def admin_urls(world, role) -> dict:
    """The admin's patterns as URLs, each with the status `role` (staff) should get."""
    plan, _, users = world
    rule = RuleVersion.objects.get(pk=plan.rule_id)
    objects = {"regimen": rule.regimen, "ruleversion": rule, "user": users["owner"]}
    objects["group"] = users["editor"].groups.get()
    objects["productlimits"] = ProductLimits.objects.approved().select_related("product").first()
    objects["product"] = objects["productlimits"].product
    objects["jurisdictionversion"] = JurisdictionVersion.objects.approved().first()
    objects["jurisdiction"] = objects["jurisdictionversion"].jurisdiction
    objects["entryversion"] = EntryVersion.objects.select_related("entry").first()
    objects["entry"] = objects["entryversion"].entry
    objects["reference"] = Reference.objects.first()
    objects["referenceversion"] = objects["reference"].versions.first()
    for model, fields in AXES_ROWS.items():  # a missing row's pages redirect before checking
        objects[model._meta.model_name] = model.objects.create(username="owner", **fields)
    urls = {}
    for route in admin_routes():
        if route.startswith("admin/^(?P<app_label>"):  # one page per app
            urls.update((f"/admin/{app}/", ADMIN_SITE[f"admin/{app}/"]) for app in APPS)
        elif route == "admin/(?P<url>.*)$":  # anything else under admin/
            urls["/admin/no-such-page/"] = ADMIN_SITE["admin/no-such-page/"]
        elif route in ADMIN_SITE:
            urls[f"/{route}"] = ADMIN_SITE[route]
        elif route.startswith("admin/r/"):  # "view on site": no catalogue model has a page
            urls[f"/admin/r/{ContentType.objects.get_for_model(rule).pk}/{rule.pk}/"] = 404
        else:
            urls[f"/{fill(route, objects)}"] = staff_status(route, role)
    return urls


APPS = ("regimens", "auth", "axes")
AXES_ROWS = {AccessAttempt: {"failures_since_start": 1}, AccessLog: {}, AccessFailureLog: {}}


def fill(route: str, objects: dict) -> str:
    pk = str(objects[route.split("/")[2]].pk)
    for param in ("<path:object_id>", "<int:pk>", "<id>"):
        route = route.replace(param, pk)
    return route.replace("<str:step>", "approve")


def staff_status(route: str, role: str) -> int:
    app, _, *rest = route.rstrip("/").split("/")[1:]
    words = [part for part in rest if not part.startswith("<")]
    view = words[0] if words else ("object" if rest else "changelist")
    if app != "regimens" and view != "object":  # "object" redirects to the page that checks
        return 403
    return STAFF_MAY[view].get(role)  # None for the others: they all go to the login


def test_every_admin_pattern_has_a_url_here(world):
    assert len(admin_urls(world, "editor")) == len(list(admin_routes())) + len(APPS) - 1


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_follows_the_admin_policy(client, world, role):
    users = world[2]
    if users[role]:
        client.force_login(users[role])
    for url, staff in admin_urls(world, role).items():
        response = client.get(url)
        if role in STAFF:
            assert response.status_code == staff, url
        elif url == "/admin/login/":
            assert response.status_code == 200, url
        else:  # to the login (from the logout, to the index, which sends them on to it)
            assert response.status_code == 302, url
            login = "/admin/" if url == "/admin/logout/" else "/admin/login/"
            assert response["Location"].startswith(login), url
        assert_security_headers(response, f"{role} GET {url}")


REVIEW_STEPS = {  # a review step POSTed -> the staff's status (others: to the admin's login)
    "submit": {"editor": 302, "reviewer": 403},  # 302: back to the page, with a message
    "approve": {"editor": 403, "reviewer": 302},
    # The approved version: a reviewer's step, which first asks (200), then retires (302).
    "retire": {"editor": 403, "reviewer": 200},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", sorted(REVIEW_STEPS))
def test_review_steps_follow_the_admin_policy(client, world, role, step):
    plan, _, users = world
    if users[role]:
        client.force_login(users[role])
    url = f"/admin/regimens/ruleversion/{plan.rule_id}/workflow/{step}/"
    response = client.post(url)
    if role in STAFF:
        assert response.status_code == REVIEW_STEPS[step][role], f"{role} POST {url}"
    else:
        assert response.status_code == 302, f"{role} POST {url}"
        assert response["Location"].startswith("/admin/login/"), f"{role} POST {url}"
    assert_security_headers(response, f"{role} POST {url}")
