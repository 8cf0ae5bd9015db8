"""planner 0019: a plan stopped before an end cancelled its rest nights kept them as rest
nights after the stop; they are cancelled, as a stop now does, and nights before it stay."""

import datetime as dt

import pytest
from django.core.management import call_command
from migrating import latest, migrate, old_schema

from regimens.models import RuleVersion

BEFORE = [("planner", "0018_plan_timezone_ahead")]


@pytest.fixture
def old_apps(transactional_db):
    yield from old_schema(BEFORE)


def test_rest_nights_from_the_stop_on_are_cancelled(old_apps):
    call_command("loadregimens", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    rule = RuleVersion.objects.approved().get(regimen__slug="aldara-ak")
    user = old_apps.get_model("auth", "User").objects.create(username="owner")
    OldPlan = old_apps.get_model("planner", "Plan")
    OldSession = old_apps.get_model("planner", "Session")
    common = {
        "user": user,
        "rule_id": rule.pk,
        "start_date": dt.date(2026, 3, 2),
        "end_date": dt.date(2026, 6, 21),
        "application_time": dt.time(21, 30),
        "timezone": "Asia/Tokyo",
        "timezone_before": "Europe/London",  # a trip saved ahead, from 6 April
        "timezone_from": dt.date(2026, 4, 6),
        "contact_hours": 8,
        "weekdays": "mon,thu",
    }
    # Stopped at 23:30 on Wed 1 Apr in London (Thu 2 Apr in Tokyo): London's day counts.
    stopped = OldPlan.objects.create(
        **common, status="stopped", ended_at=dt.datetime(2026, 4, 1, 22, 30, tzinfo=dt.UTC)
    )
    running = OldPlan.objects.create(**common)
    for plan in (stopped, running):
        for number, (day, status) in enumerate(
            [(dt.date(2026, 3, 30), "rest"), (dt.date(2026, 4, 1), "rest"),
             (dt.date(2026, 4, 2), "rest"), (dt.date(2026, 4, 6), "cancelled")], 1
        ):  # fmt: skip
            at = dt.datetime.combine(day, dt.time(20, 30), dt.UTC)
            OldSession.objects.create(
                plan=plan, number=number, date=day, apply_at=at,
                wash_off_at=at + dt.timedelta(hours=8), status=status,
            )  # fmt: skip

    apps = migrate(latest())

    Session = apps.get_model("planner", "Session")
    after = {
        (s.plan_id, s.date.day): (s.status, s.sequence)
        for s in Session.objects.filter(date__month=4)
    }
    assert [after[(stopped.pk, day)] for day in (1, 2, 6)] == [
        ("cancelled", 1),
        ("cancelled", 1),
        ("cancelled", 0),
    ]
    assert [after[(running.pk, day)][0] for day in (1, 2)] == ["rest", "rest"]
    march = Session.objects.get(plan_id=stopped.pk, date=dt.date(2026, 3, 30))
    assert march.status == "rest"  # before the stop: the person's record
