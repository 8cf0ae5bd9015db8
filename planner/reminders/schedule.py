"""When each reminder of a night is due, and until when it is still worth sending.

Instants come from the stored night (Session.apply_at, wash_off_at), which the engine made in
the plan's zone; the wash-off is the one counted from the actual application once a night is
ticked done (planner.plans.services.session_mark). Minutes are elapsed time, so a reminder 15
minutes before 21:30 is 15 real minutes before, whatever the clock does that night."""

from __future__ import annotations

import datetime as dt

from planner.plans.models import Session
from planner.reminders.models import Delivery, ReminderSettings

Kind = Delivery.Kind
Status = Session.Status
LATE = dt.timedelta(hours=1)  # a reminder more than an hour late is dropped, not sent
WASH_OFF_GRACE = dt.timedelta(hours=3)  # "wash it off" still helps a while after the time
SNOOZE = dt.timedelta(minutes=30)
# Which nights each kind is for: nothing for nights ticked (apply, nudge), rested, missed or
# cancelled; the wash-off also for a night ticked done, timed from when it was done.
WANTS = {
    Kind.APPLY: {Status.PLANNED},
    Kind.NUDGE: {Status.PLANNED},
    Kind.WASH_OFF: {Status.PLANNED, Status.DONE},
}


def due_at(kind: str, night: Session, prefs: ReminderSettings) -> dt.datetime | None:
    """When `kind` is due for `night` with these settings; None when it is turned off."""
    if kind == Kind.APPLY:
        return night.apply_at - dt.timedelta(minutes=prefs.lead_minutes)
    if kind == Kind.WASH_OFF:
        return night.wash_off_at if prefs.wash_off else None
    if prefs.nudge_minutes is None:
        return None
    return night.apply_at + dt.timedelta(minutes=prefs.nudge_minutes)


def deadline(kind: str, night: Session) -> dt.datetime:
    """After this a reminder of `kind` is no use, however it was scheduled or snoozed: asking
    someone to apply (or whether they did) once the night's wash-off has passed would only
    crowd the next application."""
    if kind == Kind.WASH_OFF:
        return night.wash_off_at + WASH_OFF_GRACE
    return night.wash_off_at


def why_not(kind: str, night: Session, due: dt.datetime, now: dt.datetime) -> str | None:
    """Why a reminder due at `due` should not go out at `now`; None when it should."""
    if night.plan.status != night.plan.Status.ACTIVE:
        return "the plan has ended"
    if not night.plan.user.is_active:
        return "the account is closed"
    if night.status not in WANTS[kind]:
        return f"the night is {night.status}"
    if now > due + LATE or now >= deadline(kind, night):
        return "too late to be useful"
    return None
