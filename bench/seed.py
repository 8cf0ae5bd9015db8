"""Fill a database with many users, plans, sessions and log entries, fast.

Run through Django: `python bench/seed.py --plans N --entries-per-plan M`. The first plans
are made the way the app makes them (through the engine); the rest are copies written with
executemany, since the benchmark needs volume, not variety.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import sys
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from planner.calendars.models import (
    FeedToken,  # noqa: E402
    new_token,  # noqa: E402
)
from planner.plans.models import Plan, Session
from planner.plans.services import plan_create  # noqa: E402
from planner.symptoms.models import (
    ITEMS,  # noqa: E402
    SymptomEntry,
)
from regimens.models import RuleVersion  # noqa: E402

PLANS_PER_USER = 4
BATCH = 5000


def make_template(user, slug: str) -> Plan:
    rule = RuleVersion.objects.approved().get(regimen__slug=slug)
    spec = rule.spec()
    return plan_create(
        user=user,
        rule=rule,
        start_date=dt.date(2026, 10, 5),
        weekdays=spec.default_weekdays,
        application_time=spec.default_time,
        timezone="Europe/London",
        contact_hours=spec.contact_hours_default,
        label=f"bench {slug}",
    )


def adapt(value):
    """What the ORM would send for this value (raw executemany skips its adapters)."""
    ops = connection.ops
    if isinstance(value, dt.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return ops.adapt_datefield_value(value)
    if isinstance(value, dt.time):
        return ops.adapt_timefield_value(value)
    if isinstance(value, Decimal):
        return ops.adapt_decimalfield_value(value)
    return value


def insert(table: str, columns: list[str], rows) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([adapt(value) for value in row])
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def seed(plans: int, entries_per_plan: int) -> dict:
    User = get_user_model()
    owner = User.objects.create(username="bench", password=make_password("bench-password"))
    targets = {slug: make_template(owner, slug) for slug in ("aldara-ak", "aldara-egw")}
    for target in targets.values():
        add_entries(target, entries_per_plan)
    copy_plans(targets["aldara-ak"], plans - len(targets), entries_per_plan)
    token = FeedToken.objects.create(user=owner, plan=targets["aldara-egw"]).token
    settle()
    return {"owner": owner, "token": token, **targets}


def settle() -> None:
    """Statistics (and on PostgreSQL a vacuum) now, as on a database that has been running:
    otherwise autovacuum works through the new rows while the load runs, on the same cores."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def add_entries(plan: Plan, count: int) -> None:
    SymptomEntry.objects.bulk_create(
        SymptomEntry(plan=plan, date=plan.start_date + dt.timedelta(days=i), erythema=i % 4)
        for i in range(min(count, (plan.end_date - plan.start_date).days + 1))
    )


@transaction.atomic
def copy_plans(template: Plan, count: int, entries_per_plan: int) -> None:
    """Copies of the template plan, spread over many users."""
    users = -(-count // PLANS_PER_USER)  # ceiling division
    now = timezone.now()
    password = "!"  # an unusable password: these users never log in
    insert(
        "auth_user",
        [
            "username",
            "password",
            "is_superuser",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
        ],
        ((f"user{i}", password, False, "", "", "", False, True, now) for i in range(users)),
    )
    first_user = get_user_model().objects.get(username="user0").pk
    sessions = list(template.sessions.values_list("number", "date", "apply_at", "wash_off_at"))
    plan_columns = [
        "public_id",
        "user_id",
        "rule_id",
        "label",
        "start_date",
        "end_date",
        "weekdays",
        "application_time",
        "timezone",
        "contact_hours",
        "status",
        "discreet_titles",
        "created_at",
        "updated_at",
    ]
    insert(
        "planner_plan",
        plan_columns,
        (
            (
                uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(),
                first_user + i // PLANS_PER_USER,
                template.rule_id,
                "",
                template.start_date,
                template.end_date,
                template.weekdays,
                template.application_time,
                template.timezone,
                template.contact_hours,
                "active",
                False,
                now,
                now,
            )
            for i in range(count)
        ),
    )
    copies = Plan.objects.exclude(user_id=template.user_id)
    plan_ids = copies.values_list("pk", flat=True)
    insert(
        "planner_session",
        [
            "plan_id",
            "number",
            "date",
            "apply_at",
            "wash_off_at",
            "status",
            "sequence",
            "updated_at",
        ],
        (
            (pid, n, d, a, w, "planned", 0, now)
            for pid in plan_ids.iterator()
            for n, d, a, w in sessions
        ),
    )
    insert(  # most people subscribe: a live feed token for every plan
        "planner_feedtoken",
        ["token", "user_id", "plan_id", "created_at"],
        (
            (new_token(), user, pid, now)
            for pid, user in copies.values_list("pk", "user_id").iterator()
        ),
    )
    insert(  # and a login session for every user (their contents are never read)
        "planner_loginsession",
        ["session_key", "session_data", "expire_date", "user_id"],
        (
            (secrets.token_hex(16), "x", now + dt.timedelta(days=14), first_user + i)
            for i in range(users)
        ),
    )
    grades = [0] * len(ITEMS)
    insert(
        "planner_symptomentry",
        ["plan_id", "date", *ITEMS, "note", "created_at", "updated_at"],
        (
            (pid, template.start_date + dt.timedelta(days=day), *grades, "", now, now)
            for pid in plan_ids.iterator()
            for day in range(entries_per_plan)
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--entries-per-plan", type=int, default=10)
    args = parser.parse_args()
    made = seed(args.plans, args.entries_per_plan)
    counts = {
        "plans": Plan.objects.count(),
        "sessions": Session.objects.count(),
        "entries": SymptomEntry.objects.count(),
        "feeds": FeedToken.objects.count(),
    }
    print(
        json.dumps(
            {
                **counts,
                "ak": str(made["aldara-ak"].public_id),
                "egw": str(made["aldara-egw"].public_id),
                "token": made["token"],
            }
        )
    )


if __name__ == "__main__":
    main()
