"""Plain `make_*` factories: sensible defaults, keyword overrides, no randomness."""

import datetime as dt

from django.contrib.auth import get_user_model

from planner.accounts.models import ConfirmedEmail
from regimens.models import RuleVersion

PASSWORD = "correct horse battery staple"
# The regimens seeds/regimens.toml loads (tests/regimens/test_loadregimens.py holds it to that).
REGIMEN_SLUGS = (
    "aldara-ak",
    "aldara-sbcc",
    "aldara-egw",
    "zyclara-ak-3-75",
    "zyclara-ak-2-5",
    "zyclara-egw",
    "aldara-ak-eu",
    "aldara-sbcc-eu",
    "aldara-egw-eu",
)


def make_user(username="alice", *, confirmed=True, **fields):
    """A user whose address is confirmed (as if its link was opened) unless confirmed=False."""
    fields.setdefault("email", f"{username}@example.org")
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
    if confirmed and user.email:
        ConfirmedEmail.objects.create(user=user, email=user.email)
    return user


def approved_rule(slug="aldara-ak") -> RuleVersion:
    return RuleVersion.objects.approved().select_related("regimen").get(regimen__slug=slug)


def make_plan(user, slug="aldara-ak", **overrides):
    """A plan made the way the app makes them (through the engine)."""
    from planner.plans.services import plan_create

    rule = approved_rule(slug)
    spec = rule.spec()
    values = {
        "start_date": dt.date(2026, 3, 2),
        "weekdays": spec.default_weekdays,
        "application_time": spec.default_time,
        "timezone": "Europe/London",
        "contact_hours": spec.contact_hours_default,
        "label": "left cheek",
    }
    values.update(overrides)
    values["weekdays"] = values["weekdays"] or spec.default_weekdays
    return plan_create(user=user, rule=rule, **values)
