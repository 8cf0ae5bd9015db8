"""The reminders' write paths for the settings pages, and where the rest lives.

Delivering reminders is three steps, each in its own module and each safe on any number of
machines at once:

- planner.reminders.due: find what has fallen due (one delivery row per night and kind);
- planner.reminders.claims: claim due rows with SKIP LOCKED and a lease;
- planner.reminders.sending: send the claimed rows, each outcome committed as it comes.

planner.reminders.actions carries out a reminder's one-tap links. The names below are those
callers use (`manage.py reminders`, the tasks, the views and tests).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from planner.plans.models import Plan
from planner.reminders.actions import act, check_link
from planner.reminders.claims import BATCH, LEASE, claim, claimable, release
from planner.reminders.due import due_nights, find_due
from planner.reminders.models import ReminderSettings, RuleWatch
from planner.reminders.sending import MAX_ATTEMPTS, deliver_due, run_once

__all__ = [
    "BATCH",
    "LEASE",
    "MAX_ATTEMPTS",
    "act",
    "check_link",
    "claim",
    "claimable",
    "deliver_due",
    "due_nights",
    "find_due",
    "release",
    "run_once",
    "save_settings",
    "unsubscribe_email",
    "watch_rules",
]


def save_settings(*, prefs: ReminderSettings, was_on: bool, now: dt.datetime) -> ReminderSettings:
    """Save settings; turning a channel on starts from now: nothing already due is sent."""
    if prefs.channels and not was_on:
        prefs.on_since = now
    prefs.full_clean()
    prefs.save()
    return prefs


def watch_rules(*, plan: Plan, email: bool, push: bool) -> RuleWatch | None:
    """Alerts on a newer approved version of the plan's rules, by these channels; none ticked
    removes the wish. The watch, or None when off."""
    if not (email or push):
        RuleWatch.objects.filter(plan=plan).delete()
        return None
    watch, _ = RuleWatch.objects.update_or_create(
        plan=plan, defaults={"email": email, "push": push}
    )
    return watch


@transaction.atomic
def unsubscribe_email(*, user_id: int) -> int:
    """Email off for all of a person's plans (RFC 8058's one click), reminders and rule-change
    alerts alike; how many rows changed."""
    now = timezone.now()
    watches = RuleWatch.objects.filter(plan__user_id=user_id, email=True)
    return ReminderSettings.objects.filter(user_id=user_id, email=True).update(
        email=False, updated_at=now
    ) + watches.update(email=False, updated_at=now)
