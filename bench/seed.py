"""Seed a throwaway database through the app's own write paths; print what was made as JSON.

    DATABASE_URL=... python bench/seed.py --users 16

Every user gets a warts plan (48 nights over 16 weeks) that started six weeks ago, with its
past nights ticked, a log entry for every day so far and a private feed link, and an actinic
keratosis plan that has finished. bench/load.py, race.py and inprocess.py run this on their own
throwaway databases (after migrate and loadregimens).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from planner.calendars.models import FeedToken
from planner.plans.models import Plan, Session
from planner.plans.services import plan_create
from planner.symptoms.models import ITEMS, SymptomEntry
from regimens.models import RuleVersion

PASSWORD = "bench-password-not-a-secret"
ZONE = "Europe/London"


def make_plan(user, slug: str, start: dt.date, label: str) -> Plan:
    """A plan made the way the app makes them (as tests/factories.py does)."""
    rule = RuleVersion.objects.approved().get(regimen__slug=slug)
    spec = rule.spec()
    return plan_create(
        user=user,
        rule=rule,
        start_date=start,
        weekdays=spec.default_weekdays,
        application_time=spec.default_time,
        timezone=ZONE,
        contact_hours=spec.contact_hours_default,
        label=label,
    )


def make_users(count: int) -> list:
    """One password hash for all (hashing is slow on purpose), written in one statement."""
    User = get_user_model()
    password = make_password(PASSWORD)
    User.objects.bulk_create(User(username=f"user{i}", password=password) for i in range(count))
    return list(User.objects.order_by("pk"))


def log_entries(plan: Plan, today: dt.date) -> list[SymptomEntry]:
    """An entry for every day from the first to yesterday, grades rising and falling."""
    days = (today - plan.start_date).days
    return [
        SymptomEntry(
            plan=plan,
            date=plan.start_date + dt.timedelta(days=i),
            note="itchy after the second night" if i % 7 == 3 else "",
            **{item: (i + n) % 4 if n < 6 else 0 for n, item in enumerate(ITEMS)},
        )
        for i in range(days)
    ]


def seed(users: int) -> list[Plan]:
    """The users and their plans; returns each user's current plan."""
    today = timezone.now().astimezone(ZoneInfo(ZONE)).date()
    monday = today - dt.timedelta(days=today.weekday())
    current = []
    for user in make_users(users):
        make_plan(user, "aldara-ak", monday - dt.timedelta(weeks=20), "forehead")
        current.append(make_plan(user, "aldara-egw", monday - dt.timedelta(weeks=6), "groin"))
    past = Session.objects.filter(plan__in=current, date__lt=today)
    past.update(status=Session.Status.DONE, done_at=timezone.now())
    SymptomEntry.objects.bulk_create(e for plan in current for e in log_entries(plan, today))
    FeedToken.objects.bulk_create(FeedToken(user_id=plan.user_id, plan=plan) for plan in current)
    return current


def described(plan: Plan) -> dict:
    """What a benchmark needs to act as this plan's owner."""
    today = plan.today(timezone.now())
    return {
        "username": plan.user.username,
        "plan": str(plan.public_id),
        "feed": plan.feed_tokens.get().token,
        "start": plan.start_date.isoformat(),
        "today": today.isoformat(),
        "nights": list(plan.sessions.filter(date__lte=today).values_list("number", flat=True)),
        "sessions": plan.sessions.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=16)
    args = parser.parse_args()
    plans = seed(args.users)
    counts = {
        "plans": Plan.objects.count(),
        "sessions": Session.objects.count(),
        "entries": SymptomEntry.objects.count(),
        "feeds": FeedToken.objects.count(),
    }
    users = [described(plan) for plan in plans]
    print(json.dumps({"password": PASSWORD, "items": ITEMS, "counts": counts, "users": users}))


if __name__ == "__main__":
    main()
