"""The data download (/accounts/data.json) loses nothing of a plan, its nights or its
clinician's schedule: every model field is there (checked against the models, so a field added
later without an export fails here), with the assessment's date and result."""

import datetime as dt
import json

import pytest

from factories import make_plan
from planner.plans.assessment import assessment_record
from planner.plans.models import Plan, PlanEvent, Session
from planner.plans.prescribed import prescribed_plan_create
from regimens.models import ProductLimits, RuleVersion
from regimens.prescribed import Prescription

pytestmark = pytest.mark.usefixtures("catalogue")
URL = "/accounts/data.json"
START = dt.date(2026, 3, 2)
# Model fields exported under another name or inside another key, and internal keys.
PLAN_ELSEWHERE = {
    "id": None,  # the database's key: public_id is the plan's id
    "user": None,  # the account itself
    "rule": ("regimen", "rule_version"),
    "limits": ("as_prescribed",),
    "prescription": ("as_prescribed",),
    "departures": ("as_prescribed",),
}
SESSION_ELSEWHERE = {"id": None, "plan": None, "timezone": ("zone_name",)}
EVENT_ELSEWHERE = {"id": None, "plan": None}


def exported(client, user) -> dict:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return json.loads(response.content)


def field_names(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields]


def assert_all_fields(model, exported_row: dict, elsewhere: dict):
    for name in field_names(model):
        keys = elsewhere.get(name, (name,))
        for key in keys or ():
            assert key in exported_row, f"{model.__name__}.{name} is missing from the export"


def test_a_label_plan_and_its_nights_keep_every_field(client, owner):
    make_plan(owner)
    data = exported(client, owner)
    [plan] = data["plans"]
    assert_all_fields(Plan, {**plan, "as_prescribed": None}, PLAN_ELSEWHERE)
    assert_all_fields(Session, plan["sessions"][0], SESSION_ELSEWHERE)
    assert_all_fields(PlanEvent, plan["changes"][0], EVENT_ELSEWHERE)
    assert "not medical advice" in data["notice"]
    assert (plan["kind"], plan["assessment_on"], plan["assessment_result"]) == ("label", None, "")
    assert "as_prescribed" not in plan


def test_the_assessment_date_and_result_are_exported(client, owner):
    plan = make_plan(owner, "aldara-ak-eu", start_date=START, weekdays=("mon", "wed", "fri"))
    due = dt.date(2026, 4, 27)
    assessment_record(plan=plan, outcome="not-cleared", today=due)
    [row] = exported(client, owner)["plans"]
    assert (row["assessment_on"], row["assessment_result"]) == ("2026-04-27", "not-cleared")
    assert (row["assessed_on"], row["end_date"]) == ("2026-04-27", "2026-05-24")
    assert len(row["sessions"]) == 24  # both courses' nights
    assert row["sessions"][0]["sequence"] == 0


def test_a_prescribed_plan_exports_its_schedule_departures_and_limits_version(client, owner):
    limits = ProductLimits.objects.approved().get(product__slug="aldara-5")
    rule = RuleVersion.objects.approved().get(regimen__slug="aldara-ak")
    prescription = Prescription(
        start=START, weeks=4, time=dt.time(21, 30), zone="Europe/London", contact_hours=8,
        per_week=3,
    )  # fmt: skip
    prescribed_plan_create(user=owner, rule=rule, limits=limits, prescription=prescription)
    [row] = exported(client, owner)["plans"]
    assert_all_fields(Plan, row, PLAN_ELSEWHERE)
    mine = row["as_prescribed"]
    assert mine["prescription"].startswith("3 times a week (Monday, Wednesday, Friday)")
    assert "3 times a week (the US AK label says 2)" in mine["departs_from"]
    assert "clinician's instructions" in mine["notice"]
    assert mine["limits"]["version"] == limits.version
    assert mine["limits"]["longest_course_weeks"] == limits.longest_course_weeks
    assert mine["limits"]["contact_hours_max"] == str(limits.contact_hours_max)


def test_calendar_feeds_and_failed_log_ins_are_exported_without_the_feed_secret(client, owner):
    """The deletion page lists every calendar feed and the log-in records: the download holds
    them too (a feed's token is a password to the calendar, so not its value)."""
    from axes.models import AccessFailureLog

    from planner.calendars.models import FeedToken

    plan = make_plan(owner)
    revoked = FeedToken.objects.create(user=owner, plan=plan, revoked_at=dt.datetime.now(dt.UTC))
    live = FeedToken.objects.create(user=owner)
    AccessFailureLog.objects.create(username=owner.username, ip_address="192.0.2.1", user_agent="x")
    data = exported(client, owner)
    feeds = data["calendar_feeds"]
    assert [(f["plan"], f["revoked_at"] is None) for f in feeds] == [
        (str(plan.public_id), False),
        (None, True),
    ]
    assert {"created_at", "revoked_at", "plan"} == set(feeds[0])
    assert revoked.token not in json.dumps(data) and live.token not in json.dumps(data)
    [failed] = data["failed_login_log"]
    assert (failed["ip_address"], failed["user_agent"]) == ("192.0.2.1", "x")
