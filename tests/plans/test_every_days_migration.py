"""The migration that stores a prescribed plan's "every N days" (planner 0014): plans made
before it get N from their description, as the app read it then; "every day" and weekly ones
keep none (they change as weekly plans, as they did)."""

import datetime as dt

import pytest
from django.core.management import call_command
from migrating import latest, migrate, old_schema

from regimens.models import ProductLimits, RuleVersion

BEFORE = [("planner", "0013_profile_region_jurisdiction")]
DESCRIPTIONS = {  # as describe() wrote them until now
    "every-3": "every 3 days for 4 weeks, 8 hours on the skin",
    "every-12": "every 12 days for 6 weeks, 8 hours on the skin",
    "every-day": "every day for 4 weeks, 8 hours on the skin",
    "weekly": "3 times a week (Monday, Wednesday, Friday) for 4 weeks, 8 hours on the skin",
}


@pytest.fixture
def old_apps(transactional_db):
    yield from old_schema(BEFORE)


def test_prescribed_plans_get_every_n_days_from_their_description(old_apps):
    call_command("loadregimens", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    rule = RuleVersion.objects.approved().get(regimen__slug="aldara-ak")
    limits = ProductLimits.objects.approved().get(product__slug="aldara-5")
    user = old_apps.get_model("auth", "User").objects.create(username="owner")
    OldPlan = old_apps.get_model("planner", "Plan")
    plan = {
        "user": user,
        "rule_id": rule.pk,
        "start_date": dt.date(2026, 3, 2),
        "end_date": dt.date(2026, 3, 29),
        "application_time": dt.time(21, 30),
        "timezone": "Europe/London",
        "contact_hours": 8,
    }
    for label, described in DESCRIPTIONS.items():
        weekdays = "mon,wed,fri" if label == "weekly" else "mon,tue,wed,thu,fri,sat,sun"
        OldPlan.objects.create(
            **plan, label=label, kind="prescribed", limits_id=limits.pk, prescription=described,
            weekdays=weekdays,
        )  # fmt: skip
    OldPlan.objects.create(**plan, label="label plan", weekdays="mon,wed,fri")

    apps = migrate(latest())

    plans = apps.get_model("planner", "Plan").objects.order_by("id")
    assert {p.label: p.every_days for p in plans} == {
        "every-3": 3,
        "every-12": 12,
        "every-day": None,
        "weekly": None,
        "label plan": None,
    }
