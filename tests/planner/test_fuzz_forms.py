"""Property-based fuzzing of every form: junk, huge and unicode input never gives a 500,
and a rejected submission saves nothing."""

import datetime as dt
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import make_plan
from planner.models import Plan, PlanEvent, Profile, RestPeriod, SymptomEntry
from planner.models.symptoms import ITEMS

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
@given(data=fields("timezone", "bedtime"))
def test_the_profile_form_never_fails(client, owner, data):
    client.force_login(owner)
    before = list(Profile.objects.filter(user=owner).values_list("timezone", "bedtime"))
    response = client.post("/accounts/profile/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # rejected: the stored profile is as it was
        assert list(Profile.objects.filter(user=owner).values_list("timezone", "bedtime")) in (
            before,
            [("", None)],  # the page creates an empty profile on first visit
        )


@FUZZ
@given(data=fields("username", "email", "password1", "password2"))
def test_the_signup_form_never_fails(client, db, data):
    response = client.post("/accounts/signup/", data)
    assert response.status_code in (200, 302)


@FUZZ
@given(
    data=fields("first_day", "last_day"),
    session=fields("status", "done_time"),
    end=fields("status", "confirm"),
)
def test_the_plan_actions_never_fail(client, owner, data, session, end):
    plan = Plan.objects.filter(user=owner).first() or make_plan(owner)
    client.force_login(owner)
    before = RestPeriod.objects.count()
    response = client.post(f"/plans/{plan.public_id}/rest/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert RestPeriod.objects.count() == before
    assert client.post(f"/plans/{plan.public_id}/sessions/1/", session).status_code == 302
    assert client.post(f"/plans/{plan.public_id}/end/", end).status_code == 302


@FUZZ
@given(path=st.text(min_size=1, max_size=80))
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
