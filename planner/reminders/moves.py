"""A night whose planned time moved gets its reminders again, at its new instants.

A (night, kind) has one delivery row, so once a reminder of a night was sent (or dropped),
find_due would never send that kind again for the night. When a change moves the instant a
kind is timed from (the application for apply and nudge, the wash-off for wash_off), the
row starts a new round instead, as a snooze does, in the transaction that moved the night:
pending again at the new instant, with a new Message-ID (kind, row, round) and links that
name the new round, so the old message's links are refused (actions._usable) rather than
acting on a reminder they did not announce. Kinds whose instant did not move are left alone:
no second reminder for what did not change."""

from __future__ import annotations

import datetime as dt

from django.db.models import F

from planner.plans.models import Plan, Session
from planner.reminders import schedule
from planner.reminders.models import Delivery, ReminderSettings

Kind = Delivery.Kind


def new_round(due: dt.datetime, note: str) -> dict:
    """The fields that make a row a fresh reminder due at `due`, one round up (for update())."""
    return {
        "round": F("round") + 1,
        "status": Delivery.Status.PENDING,
        "due_at": due,
        "next_try_at": due,
        "attempts": 0,
        "email_sent_at": None,
        "push_sent_at": None,
        "sent_at": None,
        "claimed_by": None,  # a worker sending the old round can no longer mark this one
        "claimed_until": None,
        "note": note,
    }


def remind_again(plan: Plan, moved: list[tuple[Session, dt.datetime, dt.datetime]]) -> int:
    """Start a new round for each reminder of these nights (as saved now, each with the apply
    and wash-off instants it had before) whose instant moved; how many. Call it under the
    plan's lock, in the transaction that moved them."""
    kinds = {night.pk: _moved_kinds(night, *was) for night, *was in moved}
    nights = {night.pk: night for night, *_ in moved}
    rows = [
        row
        for row in Delivery.objects.filter(session__in=[pk for pk, ks in kinds.items() if ks])
        if row.kind in kinds[row.session_id]
    ]
    prefs = ReminderSettings.objects.effective_for([plan]).get(plan.pk) if rows else None
    count = 0
    for row in rows:
        due = schedule.due_at(row.kind, nights[row.session_id], prefs) if prefs else None
        if due is not None:  # turned off: nothing to send again
            count += Delivery.objects.filter(pk=row.pk).update(**new_round(due, "night moved"))
    return count


def _moved_kinds(night: Session, apply_was: dt.datetime, wash_off_was: dt.datetime) -> set:
    """The kinds still wanted for the night whose instant moved."""
    kinds = {Kind.APPLY, Kind.NUDGE} if night.apply_at != apply_was else set()
    if night.wash_off_at != wash_off_was:
        kinds.add(Kind.WASH_OFF)
    return {kind for kind in kinds if night.status in schedule.WANTS[kind]}
