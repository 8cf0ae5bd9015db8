"""Property-based fuzzing of every form: junk, huge and unicode input never gives a 500,
and a rejected submission saves nothing."""

import ast
import datetime as dt
import json
import urllib.parse
from pathlib import Path

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session as DjangoSession
from django.core import mail
from django.core.cache import caches
from django.urls import URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factories import PASSWORD, make_plan
from planner.accounts.models import Profile
from planner.calendars import feeds
from planner.plans.models import Plan, PlanEvent, RestPeriod
from planner.symptoms.models import ITEMS, SymptomEntry
from regimens.zones import available_zone_names

pytestmark = pytest.mark.usefixtures("catalogue")
RECENT = dt.date.today() - dt.timedelta(
    days=10
)  # a course that has started: its days can be logged
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
junk = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "9" * 30,
            "2026-02-30",
            "25:61",
            "NaN",
            "inf",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "x" * 5000,
            "Europe/London\x00",
            "mon,thu",
            "2026-03-02",
        ]
    ),
)


def fields(*names):
    return st.fixed_dictionaries({}, optional={name: junk for name in names})


def saved_rows():
    return (Plan.objects.count(), RestPeriod.objects.count(), PlanEvent.objects.count())


@FUZZ
@given(
    data=fields(
        "regimen",
        "start_date",
        "weekdays",
        "application_time",
        "timezone",
        "contact_hours",
        "label",
        "discreet_titles",
        "create",
        "preview",
    )
)
def test_the_plan_form_never_fails(client, owner, data):
    client.force_login(owner)
    before = saved_rows()
    response = client.post("/plans/new/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert saved_rows() == before


@FUZZ
@given(data=fields("timezone", "bedtime", "region", "reader"))
def test_the_profile_form_never_fails(client, owner, data):
    client.force_login(owner)
    stored = Profile.objects.filter(user=owner).values_list(
        "timezone", "bedtime", "region", "reader"
    )
    before = list(stored)
    response = client.post("/accounts/profile/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # rejected: the stored profile is as it was
        assert list(stored.all()) in (
            before,
            [("", None, "", "")],  # the page creates an empty profile on first visit
        )


@FUZZ
@given(
    data=fields("username", "email", "password1", "password2"),
    zone=st.one_of(junk, st.sampled_from(["Asia/Tokyo", "london", "calcutta", "UTC"])),
    passwords_match=st.booleans(),
)
def test_the_signup_form_never_fails(client, db, data, zone, passwords_match):
    if passwords_match:  # else junk passwords almost never let the zone be kept
        data = {**data, "password1": PASSWORD, "password2": PASSWORD}
    response = client.post("/accounts/signup/", {**data, "timezone": zone})
    assert response.status_code in (200, 302)
    zones = set(Profile.objects.values_list("timezone", flat=True))
    assert zones <= {"", *available_zone_names()}  # a wrong zone is dropped, never kept


@FUZZ
@given(
    data=fields("first_day", "last_day"),
    session=fields("status", "done_time"),
    end=fields("status", "confirm"),
)
def test_the_plan_actions_never_fail(client, owner, data, session, end):
    # A course still running: once over, its rest and end forms are refused unread.
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner, start_date=RECENT)
    client.force_login(owner)
    before = RestPeriod.objects.count()
    response = client.post(f"/plans/{plan.public_id}/rest/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert RestPeriod.objects.count() == before
    assert client.post(f"/plans/{plan.public_id}/sessions/1/", session).status_code == 302
    assert client.post(f"/plans/{plan.public_id}/end/", end).status_code == 302


REAL_SEGMENTS = {"new", "about-imiquimod"}


@FUZZ
# Real pages under those prefixes are not junk (/plans/new/, /regimens/about-imiquimod/).
@given(path=st.text(min_size=1, max_size=80).filter(lambda p: p not in REAL_SEGMENTS))
def test_junk_plan_urls_are_404_not_500(client, owner, path):
    client.force_login(owner)
    path = urllib.parse.quote(path, safe="")  # one path segment, as a browser sends it
    for url in (f"/plans/{path}/", f"/plans/{path}/print/", f"/regimens/{path}/"):
        assert client.get(url).status_code in (301, 302, 404), url


@FUZZ
@given(data=fields(*ITEMS, "note"))
def test_the_symptom_form_never_fails_and_saves_all_or_nothing(client, owner, data):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner, start_date=RECENT)
    client.force_login(owner)
    before = list(SymptomEntry.objects.values_list("date", *ITEMS, "note"))
    response = client.post(f"/plans/{plan.public_id}/log/{plan.start_date}/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert list(SymptomEntry.objects.values_list("date", *ITEMS, "note")) == before


@FUZZ
@given(token=st.text(min_size=0, max_size=300), method=st.sampled_from(["get", "head"]))
def test_junk_feed_and_ics_urls_are_404_not_500(client, owner, token, method):
    path = urllib.parse.quote(token, safe="")
    response = getattr(client, method)(f"/feeds/{path}.ics")
    assert response.status_code == 404
    client.force_login(owner)
    assert getattr(client, method)(f"/plans/{path}/calendar.ics").status_code in (404, 301)


@FUZZ
@given(data=fields("username", "password", "timezone"))
def test_the_login_form_never_fails_and_logs_no_one_in(client, owner, data):
    before = DjangoSession.objects.count()
    response = client.post("/accounts/login/", data)
    assert response.status_code in (200, 429)  # 429: locked out after repeated failures
    assert not response.wsgi_request.user.is_authenticated
    assert DjangoSession.objects.count() == before  # no session saved for anyone


@FUZZ
@given(data=fields("old_password", "new_password1", "new_password2"))
def test_the_password_change_form_never_fails(client, owner, data):
    caches["throttle"].clear()  # each example starts with no throttle count
    client.force_login(owner)
    response = client.post("/accounts/password_change/", data)
    assert response.status_code == 200  # junk never holds the old password
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


@FUZZ
@given(data=fields("email"))
def test_the_password_reset_form_never_fails_and_mails_no_stranger(client, owner, data):
    caches["throttle"].clear()  # each example starts with no throttle count
    response = client.post("/accounts/password_reset/", data)
    assert response.status_code in (200, 302)
    assert mail.outbox == []  # junk is never the owner's address


@FUZZ
@given(data=fields("new_password1", "new_password2"))
def test_the_set_password_form_behind_a_reset_link_never_fails(client, owner, data):
    owner.refresh_from_db()  # a password set by an earlier example changes the link
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    link = client.get(f"/accounts/reset/{uid}/{default_token_generator.make_token(owner)}/")
    assert link.status_code == 302  # to the form, the token kept in the session
    hashed = owner.password
    response = client.post(link.url, data)
    assert response.status_code in (200, 302)  # 302: two matching, acceptable passwords
    owner.refresh_from_db()
    assert (owner.password == hashed) == (response.status_code == 200)


@FUZZ
@given(uid=st.text(max_size=40), token=st.text(max_size=80))
def test_junk_reset_links_are_refused_not_500(client, owner, uid, token):
    uid, token = (urllib.parse.quote(part, safe="") or "x" for part in (uid, token))
    assert client.get(f"/accounts/reset/{uid}/{token}/").status_code in (200, 404)


@FUZZ
@given(data=fields("password"))
def test_the_account_delete_form_never_fails_and_deletes_nothing(client, owner, data):
    caches["throttle"].clear()  # each example starts with no throttle count
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    client.force_login(owner)
    response = client.post("/accounts/delete/", data)
    assert response.status_code == 200  # junk is never the password
    assert Plan.objects.filter(pk=plan.pk, user=owner).exists()


@FUZZ
@given(data=fields("email", "password"))
def test_the_email_form_never_fails_and_changes_nothing_without_the_password(client, owner, data):
    caches["throttle"].clear()  # each example starts with no throttle count
    client.force_login(owner)
    response = client.post("/accounts/email/", data)
    assert response.status_code == 200  # junk is never the password
    owner.refresh_from_db()
    assert owner.email == "owner@example.org"


@FUZZ
@given(day=junk, saved=junk)
def test_the_log_pages_day_picker_never_fails(client, owner, day, saved):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner, start_date=RECENT)
    client.force_login(owner)
    for query in ({"day": day}, {"saved": saved}, {"day": day, "saved": saved}):
        expected = 400 if "\x00" in "".join(query.values()) else 200  # planner.middleware
        assert client.get(f"/plans/{plan.public_id}/log/", query).status_code == expected


@FUZZ
@given(regimen=junk)
def test_the_new_plan_pages_regimen_choice_never_fails(client, owner, regimen):
    client.force_login(owner)
    expected = 400 if "\x00" in regimen else 200  # planner.middleware
    assert client.get("/plans/new/", {"regimen": regimen}).status_code == expected


@FUZZ
@given(data=fields("discreet_titles"))
def test_the_discreet_titles_switch_never_fails(client, owner, data):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    client.force_login(owner)
    assert client.post(f"/plans/{plan.public_id}/discreet/", data).status_code == 302
    plan.refresh_from_db()
    assert plan.discreet_titles == (data.get("discreet_titles") == "1")


@FUZZ
@given(
    header=st.sampled_from(
        [
            "HTTP_IF_NONE_MATCH",
            "HTTP_IF_MATCH",
            "HTTP_IF_MODIFIED_SINCE",
            "HTTP_IF_UNMODIFIED_SINCE",
        ]
    ),
    value=junk,
)
def test_junk_conditional_headers_on_a_feed_are_answered_not_500(client, owner, header, value):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    token = feeds.feed_of(user=owner, plan=plan) or feeds.feed_rotate(user=owner, plan=plan)
    response = client.get(f"/feeds/{token.token}.ics", **{header: value})
    assert response.status_code in (200, 304, 412)
    client.force_login(owner)
    response = client.get(f"/plans/{plan.public_id}/calendar.ics", **{header: value})
    assert response.status_code in (200, 304, 412)


def plan_state(plan) -> tuple:
    """Everything a plan change may write: the plan's choices, its nights and its history."""
    plan = Plan.objects.get(pk=plan.pk)
    nights = list(plan.sessions.values_list("number", "date", "apply_at", "status", "sequence"))
    choices = (plan.application_time, plan.timezone, plan.weekdays)
    return choices, nights, plan.events.count()


@FUZZ
@given(
    data=fields("from_date", "application_time", "timezone", "preview", "save"),
    days=st.lists(junk, max_size=3),
)
def test_the_plan_change_form_never_fails_and_saves_nothing_it_rejects(client, owner, data, days):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner, start_date=RECENT)
    client.force_login(owner)
    before = plan_state(plan)
    response = client.post(f"/plans/{plan.public_id}/change/", {**data, "weekdays": days})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert plan_state(plan) == before


@FUZZ
@given(data=fields("confirm"))
def test_the_plan_delete_form_never_fails(client, owner, data):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    client.force_login(owner)
    response = client.post(f"/plans/{plan.public_id}/delete/", data)
    assert response.status_code in (200, 302)
    assert Plan.objects.filter(pk=plan.pk).exists() == (response.status_code == 200)


# Each test (in this file or tests/regimens/test_admin_fuzz.py) -> the forms it fuzzes. A form
# a person or an editor can submit that is missing here fails the test below.
FUZZED = {
    "test_the_signup_form_never_fails": ("planner.accounts.forms.SignupForm",),
    "test_the_profile_form_never_fails": ("planner.accounts.forms.ProfileForm",),
    "test_the_plan_form_never_fails": (
        "planner.plans.forms.PlanForm",
        "planner.plans.forms.NewPlanFields",  # its base, shared with PrescribedPlanForm
    ),
    "test_the_plan_actions_never_fail": (
        "planner.plans.forms.SessionForm",
        "planner.plans.forms.RestPeriodForm",
        "planner.plans.forms.PlanEndForm",
    ),
    "test_the_symptom_form_never_fails_and_saves_all_or_nothing": (
        "planner.symptoms.forms.SymptomForm",
    ),
    "test_the_log_pages_day_picker_never_fails": ("planner.symptoms.forms.DayForm",),
    "test_the_account_delete_form_never_fails_and_deletes_nothing": (
        "planner.accounts.forms.DeleteAccountForm",
    ),
    "test_the_email_form_never_fails_and_changes_nothing_without_the_password": (
        "planner.accounts.forms.EmailForm",
    ),
    "test_the_login_form_never_fails_and_logs_no_one_in": ("planner.accounts.forms.LoginForm",),
    "test_the_password_change_form_never_fails": ("django.contrib.auth.forms.PasswordChangeForm",),
    "test_the_password_reset_form_never_fails_and_mails_no_stranger": (
        "planner.accounts.forms.BrandedPasswordResetForm",
    ),
    "test_the_set_password_form_behind_a_reset_link_never_fails": (
        "django.contrib.auth.forms.SetPasswordForm",
    ),
    "test_the_plan_change_form_never_fails_and_saves_nothing_it_rejects": (
        "planner.plans.forms.PlanChangeForm",
    ),
    "test_the_plan_delete_form_never_fails": ("planner.plans.forms.PlanDeleteForm",),
    "test_the_regimen_add_form_never_fails": ("admin: regimens.regimen",),
    "test_the_rule_change_form_never_fails_and_saves_nothing_it_rejects": (
        "admin: regimens.ruleversion",
    ),
    "test_the_reader_choice_never_fails_and_stores_only_a_reader": (
        "regimens.education.forms.ReaderForm",
    ),
    "test_the_question_search_never_fails": ("regimens.education.forms.QuestionSearchForm",),
    "test_the_education_admin_forms_never_fail_and_save_nothing_they_reject": (
        "admin: regimens.reference",
        "admin: regimens.entry",
        "admin: regimens.entryversion",
        "admin: regimens.referenceversion",
    ),
}
FUZZ_MODULES = [Path(__file__), Path(__file__).parents[1] / "regimens" / "test_admin_fuzz.py"]
OUR_APPS = ("planner", "regimens")


@pytest.fixture(autouse=True)  # here and, imported, in tests/regimens/test_admin_fuzz.py
def each_fuzzed_form_is_cleaned(request, monkeypatch):
    """A name in FUZZED proves nothing by itself: a test posting to the wrong URL, or whose
    every example is turned away before the form, would still pass. So record each form
    cleaned with bound data, and fail unless every form FUZZED names for this test was cleaned
    (in at least one of Hypothesis's examples)."""
    cleaned = set()
    full_clean = forms.BaseForm.full_clean

    def recording_full_clean(form):
        if form.is_bound:
            cleaned.add(type(form))
        return full_clean(form)

    monkeypatch.setattr(forms.BaseForm, "full_clean", recording_full_clean)
    yield
    named = FUZZED.get(request.function.__name__, ())
    missed = [form for form in named if not any(is_form(cls, form) for cls in cleaned)]
    assert not missed, f"never cleaned {missed}, only {sorted({name(cls) for cls in cleaned})}"


def is_form(cls, wanted: str) -> bool:
    """Whether `cls` is the form FUZZED calls `wanted`, or a form built on it (a base form's
    fields are cleaned through its subclasses); "admin: app.model" is any ModelForm of that
    model (the admin builds its form class per request)."""
    if not wanted.startswith("admin: "):
        return any(name(base) == wanted for base in cls.__mro__)
    model_form = issubclass(cls, forms.BaseModelForm)
    return model_form and cls._meta.model._meta.label_lower == wanted.removeprefix("admin: ")


def test_every_form_is_fuzzed():
    fuzzed = {form for forms_of_test in FUZZED.values() for form in forms_of_test}
    assert submittable_forms() == fuzzed, submittable_forms() ^ fuzzed
    tests = {
        node.name
        for module in FUZZ_MODULES
        for node in ast.walk(ast.parse(module.read_text()))
        if isinstance(node, ast.FunctionDef)
    }
    assert set(FUZZED) <= tests, set(FUZZED) - tests


def submittable_forms() -> set[str]:
    """Our form classes, the forms of the class-based views in the URLconf (Django's login
    and password views), and each of our models in the admin."""
    views = list(url_views())  # importing the URLconf imports every view and its forms
    found = {name(view.form_class) for view in views if hasattr(view, "form_class")}
    found |= {
        name(form)
        for form in subclasses(forms.BaseForm)
        if form.__module__.split(".")[0] in OUR_APPS
    }
    found |= {
        f"admin: {model._meta.label_lower}"
        for model in admin.site._registry
        if model._meta.app_label in OUR_APPS
    }
    return found


def name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def url_views(resolver=None, prefix="", seen=None):
    """The class of each class-based view a URL reaches, outside the admin: a pattern after
    another of the same route (Django's log-in, behind ours) is never reached."""
    seen = set() if seen is None else seen
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from url_views(pattern, route, seen)
        elif route not in seen:
            seen.add(route)
            if hasattr(pattern.callback, "view_class"):
                yield pattern.callback.view_class


# Reminders (planner/reminders): the settings forms, and junk in the links a reminder carries.
REMINDER_FIELDS = ("email", "push", "lead_minutes", "wash_off", "nudge_minutes")


def reminder_rows():
    from planner.reminders.models import ReminderSettings

    return list(ReminderSettings.objects.order_by("pk").values())


@FUZZ
@given(data=fields(*REMINDER_FIELDS), plan_data=fields("own", *REMINDER_FIELDS))
def test_the_reminder_settings_forms_never_fail_and_save_nothing_they_refuse(
    client, owner, data, plan_data
):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    client.force_login(owner)
    for url, posted in (("/reminders/", data), (f"/reminders/plans/{plan.public_id}/", plan_data)):
        before = reminder_rows()
        response = client.post(url, posted)
        assert response.status_code in (302, 400), url
        if response.status_code == 400:
            assert reminder_rows() == before


@FUZZ
@given(token=st.text(min_size=1, max_size=200), method=st.sampled_from(["get", "post"]))
def test_junk_reminder_links_are_refused_not_500(client, owner, token, method):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    before = list(plan.sessions.values_list("status", "done_at"))
    token = urllib.parse.quote(token, safe="")
    for url in (
        f"/reminders/act/{plan.public_id}/1/{token}/",
        f"/reminders/unsubscribe/{token}/",
    ):
        assert getattr(client, method)(url).status_code in (400, 404), url
    assert list(plan.sessions.values_list("status", "done_at")) == before


@FUZZ
@given(
    endpoint=junk,
    keys=st.one_of(junk, st.fixed_dictionaries({}, optional={"p256dh": junk, "auth": junk})),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_the_push_subscription_endpoint_never_fails_and_keeps_nothing_it_refuses(
    client, owner, settings, endpoint, keys, raw
):
    from planner.reminders.models import PushSubscription

    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com"]
    client.force_login(owner)
    body = raw if raw is not None else json.dumps({"endpoint": endpoint, "keys": keys})
    response = client.post("/reminders/push/subscribe/", body, content_type="application/json")
    assert response.status_code == 400  # junk is never a P-256 key of a known push service
    assert not PushSubscription.objects.exists()


@FUZZ
@given(data=fields("alerts-email", "alerts-push"))
def test_the_rule_alerts_form_never_fails_and_stores_what_the_boxes_say(client, owner, data):
    from planner.reminders.models import RuleWatch

    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    client.force_login(owner)
    response = client.post(f"/reminders/plans/{plan.public_id}/rule-alerts/", data)
    assert response.status_code == 302
    # As a checkbox reads it: absent, empty or "false" is unticked, anything else ticked.
    ticked = [data.get(f"alerts-{box}", "").lower() not in ("", "false") for box in BOXES]
    stored = list(RuleWatch.objects.filter(plan=plan).values_list(*BOXES))
    assert stored == ([tuple(ticked)] if any(ticked) else [])  # neither box: no alerts


BOXES = ("email", "push")
FUZZED.update(
    {
        "test_the_rule_alerts_form_never_fails_and_stores_what_the_boxes_say": (
            "planner.reminders.forms.RuleWatchForm",
        ),
        "test_the_reminder_settings_forms_never_fail_and_save_nothing_they_refuse": (
            "planner.reminders.forms.ReminderSettingsForm",
            "planner.reminders.forms.PlanReminderSettingsForm",
        ),
        "test_the_push_subscription_endpoint_never_fails_and_keeps_nothing_it_refuses": (
            "planner.reminders.forms.PushSubscriptionForm",
        ),
    }
)


# The assessment after a first course (planner/plans/assessment.py): junk never gives a 500 and
# changes nothing; only a real result with its confirmation is recorded.
ASSESSMENT_ANSWERS = st.one_of(junk, st.sampled_from(["cleared", "not-cleared", "1", "on"]))


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {}, optional={"result": ASSESSMENT_ANSWERS, "confirm": ASSESSMENT_ANSWERS}
    )
)
@example(data={"result": "cleared", "confirm": "0"})  # found by Hypothesis: see `ticked`
def test_the_assessment_form_never_fails_and_changes_nothing_it_refuses(client, owner, data):
    start = dt.date.today() - dt.timedelta(days=60)  # its assessment date has come
    plan = make_plan(owner, "aldara-ak-eu", start_date=start, timezone="UTC")
    client.force_login(owner)
    response = client.post(f"/plans/{plan.public_id}/assessment/", data)
    assert response.status_code == 302
    plan.refresh_from_db()
    # As a checkbox reads it: Django's CheckboxInput makes "0" True (bool("0")) before
    # BooleanField would read it as False; only "false" and nothing at all are unticked.
    ticked = data.get("confirm", "").lower() not in ("", "false")
    valid = data.get("result") in ("cleared", "not-cleared") and ticked
    nights = {"cleared": 12, "not-cleared": 24}
    expected = (data["result"], nights[data["result"]]) if valid else ("", 12)
    assert (plan.assessment_result, plan.sessions.count()) == expected


FUZZED["test_the_assessment_form_never_fails_and_changes_nothing_it_refuses"] = (
    "planner.plans.assessment.AssessmentForm",
)


# A plan as the clinician prescribed (planner/plans/prescribed.py), and the product limits'
# admin: junk never gives a 500, and anything refused (a limit passed above all) saves nothing.
PRESCRIBED_FIELDS = (
    "regimen", "start_date", "pattern", "per_week", "weekdays", "every_days", "weeks",
    "application_time", "timezone", "contact_hours", "label", "discreet_titles", "create",
    "preview",
)  # fmt: skip
NUMBERS = st.one_of(junk, st.integers(-3, 30).map(str), st.sampled_from(["1e400", "7.5"]))
PRESCRIBED_VALUES = {
    **{name: junk for name in PRESCRIBED_FIELDS},
    **{name: NUMBERS for name in ("per_week", "every_days", "weeks", "contact_hours")},
    "regimen": st.one_of(junk, st.sampled_from(["aldara-ak", "zyclara-ak-3-75"])),
    "pattern": st.one_of(junk, st.sampled_from(["weekly", "interval"])),
    "start_date": st.one_of(junk, st.just(RECENT.isoformat())),
}


def saved_nights():
    from planner.plans.models import Session

    return (*saved_rows(), Session.objects.count())


@FUZZ
@given(data=st.fixed_dictionaries({}, optional=PRESCRIBED_VALUES))
def test_the_prescribed_plan_form_never_fails_and_saves_nothing_it_refuses(client, owner, data):
    client.force_login(owner)
    before = saved_nights()
    response = client.post("/plans/new/prescribed/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert saved_nights() == before
    else:
        plan = Plan.objects.get(user=owner, kind="prescribed")
        assert plan.sessions.count() >= 1 and plan.limits.status == "approved"
        plan.delete()  # the next example starts again from none


LIMITS_FIELDS = ("contact_hours_min", "contact_hours_max", "longest_course_weeks")
LIMITS_FIELDS += ("allowed_weeks", "min_hours_between", "sources")


@pytest.fixture
def superuser(db):
    from factories import make_user

    return make_user("superuser", is_superuser=True, is_staff=True)


def limits_rows():
    from regimens.models import ProductLimits

    return list(ProductLimits.objects.order_by("pk").values())


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(LIMITS_FIELDS), NUMBERS, min_size=1, max_size=3))
def test_the_product_limits_change_form_never_fails_and_saves_nothing_it_rejects(
    client, superuser, changes
):
    from regimens.models import ProductLimits

    client.force_login(superuser)
    limits = ProductLimits.objects.approved().get(product__slug="aldara-5")
    data = {name: str(getattr(limits, name)) for name in LIMITS_FIELDS}
    data["sources"] = json.dumps(limits.sources)
    before = limits_rows()
    url = f"/admin/regimens/productlimits/{limits.pk}/change/"
    response = client.post(url, {**data, **changes})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert limits_rows() == before
    else:  # accepted: a new draft (or nothing, for the same values), the approved one untouched
        added = ProductLimits.objects.exclude(pk__in=[row["id"] for row in before])
        assert [row.status for row in added] in (["draft"], [])
        assert [row for row in limits_rows() if row["id"] in {r["id"] for r in before}] == before
        added.delete()


@FUZZ
@given(data=fields("slug", "product", "strength"))
def test_the_product_add_form_never_fails(client, superuser, data):
    from regimens.models import Product

    client.force_login(superuser)
    before = list(Product.objects.values_list("pk", flat=True))
    response = client.post("/admin/regimens/product/add/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert list(Product.objects.values_list("pk", flat=True)) == before
    Product.objects.exclude(pk__in=before).delete()


FUZZED.update(
    {
        "test_the_prescribed_plan_form_never_fails_and_saves_nothing_it_refuses": (
            "planner.plans.forms.PrescribedPlanForm",
        ),
        "test_the_product_limits_change_form_never_fails_and_saves_nothing_it_rejects": (
            "admin: regimens.productlimits",
        ),
        "test_the_product_add_form_never_fails": ("admin: regimens.product",),
        # tests/regimens/test_admin_fuzz.py
        "test_the_jurisdiction_change_form_never_fails_and_saves_nothing_it_rejects": (
            "admin: regimens.jurisdictionversion",
        ),
        "test_the_jurisdiction_add_form_never_fails": ("admin: regimens.jurisdiction",),
    }
)


# Education (regimens/education): the reader's choice, the one search box, the admin's forms.
@FUZZ
@given(data=fields("reader", "next"), signed_in=st.booleans())
def test_the_reader_choice_never_fails_and_stores_only_a_reader(client, owner, data, signed_in):
    from regimens.education.models import Reader

    client.logout()
    if signed_in:
        client.force_login(owner)
    response = client.post("/reader/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert urllib.parse.urlsplit(response["Location"]).netloc in ("", "testserver")
    stored = Profile.objects.filter(user=owner).values_list("reader", flat=True).first()
    assert stored in (None, "", *Reader.values)


@FUZZ
@given(q=junk)
def test_the_question_search_never_fails(client, q):
    response = client.get("/questions/", {"q": q})
    assert response.status_code in (200, 400) or "\x00" in q
    if response.status_code == 200 and q.strip():
        assert "question" in response.content.decode()


EDUCATION_FIELDS = ("title", "body", "clinician", "symptoms", "indications", "related")


@FUZZ
@given(
    version=st.dictionaries(st.sampled_from(EDUCATION_FIELDS + ("position",)), junk, min_size=1),
    reference=fields("key", "title", "source", "url", "note"),
    entry=fields("kind", "slug"),
)
def test_the_education_admin_forms_never_fail_and_save_nothing_they_reject(
    client, db, version, reference, entry
):
    from regimens.education.models import Entry, EntryVersion, Reference, ReferenceVersion

    client.force_login(make_user_once("education-admin"))
    current = EntryVersion.objects.approved().get(entry__slug="missed-dose")
    cited = ReferenceVersion.objects.approved().get(reference__key="seed-002")
    cited_rows = list(ReferenceVersion.objects.order_by("pk").values())
    data = {name: getattr(current, name) for name in EDUCATION_FIELDS}
    data["position"] = current.position
    data.update(version)
    before = list(EntryVersion.objects.order_by("pk").values())
    for url, posted, model in (
        (f"/admin/regimens/entryversion/{current.pk}/change/", data, EntryVersion),
        ("/admin/regimens/reference/add/", reference, Reference),
        (f"/admin/regimens/referenceversion/{cited.pk}/change/", reference, ReferenceVersion),
        ("/admin/regimens/entry/add/", entry, Entry),
    ):
        rows = model.objects.count()
        response = client.post(url, posted)
        assert response.status_code in (200, 302), url
        if response.status_code == 200:
            assert response.context["adminform"].form.errors, url
            assert model.objects.count() == rows, url
    assert list(EntryVersion.objects.filter(pk=current.pk).values()) == [
        row for row in before if row["id"] == current.pk
    ]  # an accepted edit is a new draft; the approved version never changes
    assert list(ReferenceVersion.objects.filter(pk=cited.pk).values()) == [
        row for row in cited_rows if row["id"] == cited.pk
    ]  # the approved reference text neither
    EntryVersion.objects.exclude(pk__in=[row["id"] for row in before]).delete()
    ReferenceVersion.objects.exclude(pk__in=[row["id"] for row in cited_rows]).delete()
    Reference.objects.exclude(key__in=REFERENCE_KEYS).delete()
    Entry.objects.filter(versions__isnull=True).delete()


REFERENCE_KEYS = (
    "eu-leaflet",
    "eu-smpc",
    "label-aldara",
    "label-zyclara",
    "seed-000",
    "seed-001",
    "seed-002",
    "seed-003",
)


def make_user_once(username: str):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": True}
    )
    return user
