"""Write paths that touch several rows: each runs in one transaction and records what it did.

Every change to a plan or its nights first locks the plan row, then the nights, and checks the
state it changes only once it holds those locks: two requests for one plan wait for each other
in the same order, so neither acts on what the other has just changed, and they never deadlock.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.defaultfilters import pluralize
from django.utils import timezone

from planner.accounts.locks import lock_person
from planner.plans.models import Plan, PlanEvent, RestPeriod, Session
from planner.plans.overlaps import conflicting_plans, repeats
from planner.reminders.moves import remind_again
from regimens import engine
from regimens.models import RuleVersion

OPEN = (Session.Status.PLANNED, Session.Status.MISSED)
ENDED = "This plan has ended; its applications can no longer change."
GONE = "This plan has been deleted."


def change_refusal(plan: Plan, today: dt.date) -> str | None:
    """Why this plan cannot change any more (a rest period, new times or an early end), in
    plain words; None while it can. The plan page offers none of them then."""
    if plan.status != Plan.Status.ACTIVE:
        return ENDED
    if plan.course_over(today):
        ended = engine.day_name(plan.end_date, year=True)
        return f"This course ended on {ended}: there is nothing left to change."
    return None


class Refused(Exception):
    """A change the plan's state does not allow; the message says why, in plain words."""


def lock_active_plan(plan_id: int) -> Plan:
    """The plan, locked until the transaction ends; Refused once it has ended, or when it was
    deleted while this request was on its way."""
    plan = Plan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise Refused(GONE)
    if plan.status != Plan.Status.ACTIVE:
        raise Refused(ENDED)
    return plan


def plan_inputs(
    *, start_date, weekdays, application_time, timezone: str, contact_hours
) -> engine.PlanInputs:
    return engine.PlanInputs(
        start=start_date,
        weekdays=tuple(weekdays),
        time=application_time,
        zone=timezone,
        contact_hours=float(contact_hours),
    )


def preview(*, rule: RuleVersion, **inputs) -> engine.Schedule:
    """The schedule a plan would get, without saving anything."""
    return engine.build_schedule(rule.spec(), plan_inputs(**inputs))


@transaction.atomic
def create_unless_overlapping(
    *, user, rule: RuleVersion, label: str, schedule, preview: bool, confirmed, create
) -> tuple[Plan | None, list[Plan]]:
    """(the plan `create()` made, the active plans it overlaps), or (None, those plans) for a
    preview or while one of them is not among the `confirmed` (public ids as text). One
    person's new plans are made one at a time, under a lock on their row: a double tap sends
    the form twice, and the second request must see the first one's plan."""
    lock_person(user)
    conflicts = conflicting_plans(
        user=user,
        rule=rule,
        label=label,
        start=schedule.start,
        end=schedule.end,
        now=timezone.now(),
    )
    # The same plan again goes first: the form then says so and offers no confirmation.
    for plan in conflicts:
        plan.repeated = repeats(plan, rule=rule, label=label, schedule=schedule)
    conflicts.sort(key=lambda plan: not plan.repeated)
    unconfirmed = {str(plan.public_id) for plan in conflicts} - set(confirmed)
    if preview or unconfirmed or (conflicts and conflicts[0].repeated):
        return None, conflicts
    return create(), conflicts


@transaction.atomic
def plan_create(
    *,
    user,
    rule: RuleVersion,
    start_date: dt.date,
    weekdays,
    application_time: dt.time,
    timezone: str,
    contact_hours,
    label: str = "",
    discreet_titles: bool = False,
) -> Plan:
    schedule = preview(
        rule=rule,
        start_date=start_date,
        weekdays=weekdays,
        application_time=application_time,
        timezone=timezone,
        contact_hours=contact_hours,
    )
    plan = Plan(
        user=user,
        rule=rule,
        label=label,
        start_date=schedule.start,
        end_date=schedule.end,
        weekdays=",".join(engine.validate_weekdays(rule.spec(), tuple(weekdays))),
        application_time=application_time,
        timezone=timezone,
        contact_hours=Decimal(str(schedule.contact_hours)),
        discreet_titles=discreet_titles,
    )
    detail = f"from version {rule.version} of the rules for this regimen"
    return save_new_plan(plan, schedule.sessions, detail)


def save_new_plan(plan: Plan, sessions, detail: str) -> Plan:
    """A new plan checked and saved, with its nights and the first line of its history."""
    plan.full_clean()
    plan.save()
    add_nights(plan, sessions)
    PlanEvent.objects.create(plan=plan, action="created", detail=detail)
    return plan


def add_nights(plan: Plan, sessions) -> None:
    """The engine's sessions saved as the plan's nights, in one query."""
    Session.objects.bulk_create(
        Session(
            plan=plan, number=s.number, date=s.date, apply_at=s.apply_at, wash_off_at=s.wash_off_at
        )
        for s in sessions
    )


@transaction.atomic
def session_mark(*, session: Session, status: str, done_at: dt.datetime | None = None) -> Session:
    """Mark one session done / missed / rest, or set it back to planned. Marking it again as
    it is changes nothing. Done at a known time moves the wash-off to the contact hours after
    it (elapsed hours, whatever the clock does); any other mark puts back the planned one.
    A done time outside the night's window, or too near another application, is Refused."""
    if status not in Session.Status.values or status == Session.Status.CANCELLED:
        raise ValueError(f"Cannot mark a session {status!r}.")
    plan = lock_active_plan(session.plan_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    # In UTC, as stored: Python never finds a time in a repeated hour equal to another zone's.
    done_at = done_at.astimezone(dt.UTC) if done_at and status == Session.Status.DONE else None
    if session.status == Session.Status.CANCELLED:
        raise Refused(ENDED)
    if (session.status, session.done_at) == (status, done_at):
        return session
    if done_at is not None:
        session.plan = plan  # the locked row: session.zone reads it without a query
        _check_done_time(plan, session, done_at)
    old, wash_off_was = session.status, session.wash_off_at
    session.status = status
    session.done_at = done_at
    session.wash_off_at = (done_at or session.apply_at) + plan.contact
    session.sequence = F("sequence") + 1
    session.save(update_fields=["status", "done_at", "wash_off_at", "sequence", "updated_at"])
    session.refresh_from_db(fields=["sequence"])
    # Done later than planned after the wash-off reminder went: remind at the new wash-off.
    remind_again(plan, [(session, session.apply_at, wash_off_was)])
    PlanEvent.objects.create(
        plan_id=session.plan_id,
        session=session,
        action=f"marked {status}",
        detail=f"was {old}",
        applied_at=done_at,  # the history keeps when the cream went on, not only the tick
    )
    return session


def _check_done_time(plan: Plan, session: Session, done_at: dt.datetime) -> None:
    """Refused unless `done_at` is in the night's window and far enough from the plan's other
    applications. Runs under the plan's lock, so a racing mark of another night is seen."""
    rule = RuleVersion.objects.select_related("regimen").get(pk=plan.rule_id).spec()
    # A night done without a time counts at its planned time (its wash-off does too).
    others = (
        plan.sessions.filter(status=Session.Status.DONE)
        .exclude(pk=session.pk)
        .values_list(Coalesce("done_at", "apply_at"), flat=True)
    )
    try:
        engine.check_done_window(rule, session.apply_at, done_at, session.zone)
        engine.check_done_spacing(rule, done_at, others)
    except engine.ScheduleError as error:
        raise Refused(error.message) from None


@transaction.atomic
def rest_period_add(*, plan: Plan, first_day: dt.date, last_day: dt.date) -> tuple[RestPeriod, int]:
    """Mark the open sessions in the range as rest: (the rest period, how many). The end date
    does not move. Refused when it overlaps another rest period or covers a night recorded
    as done."""
    lock_active_plan(plan.pk)
    overlap = plan.rest_periods.filter(first_day__lte=last_day, last_day__gte=first_day).first()
    if overlap:
        raise Refused(
            f"That overlaps your rest from {engine.day_name(overlap.first_day)} "
            f"to {engine.day_name(overlap.last_day)}."
        )
    done = plan.sessions.filter(date__range=(first_day, last_day), status=Session.Status.DONE)
    if night := done.first():
        raise Refused(f"{night.named} is recorded as done; a rest period cannot cover it.")
    rest = RestPeriod(plan=plan, first_day=first_day, last_day=last_day)
    rest.full_clean()
    rest.save()
    count = _bump(
        plan.sessions.filter(date__range=(first_day, last_day), status__in=OPEN),
        Session.Status.REST,
    )
    detail = f"{days(first_day, last_day)}, {applications(count)}"
    PlanEvent.objects.create(plan=plan, action="rest period", detail=detail)
    return rest, count


@transaction.atomic
def rest_period_remove(*, rest: RestPeriod, today: dt.date) -> int:
    """Take back a rest period that has not begun: its nights are planned again."""
    plan = lock_active_plan(rest.plan_id)
    if rest.first_day <= today:
        raise Refused("Only a rest period that has not begun can be removed.")
    if not RestPeriod.objects.filter(pk=rest.pk).delete()[0]:  # a request before this one's
        raise Refused("That rest period was already removed.")
    count = _bump(
        plan.sessions.filter(
            date__range=(rest.first_day, rest.last_day), status=Session.Status.REST
        ),
        Session.Status.PLANNED,
    )
    PlanEvent.objects.create(
        plan=plan,
        action="rest period removed",
        detail=f"{days(rest.first_day, rest.last_day)}, {applications(count)} planned again",
    )
    return count


@transaction.atomic
def plan_end(*, plan: Plan, status: str, today: dt.date) -> int:
    """End a plan early (cleared or stopped): sessions from today on are cancelled, rest
    nights too (a rest ahead was never going to happen either); the count is of planned
    ones only, the applications it cancels. Ending is final: a second end is Refused and
    changes nothing."""
    if status not in (Plan.Status.CLEARED, Plan.Status.STOPPED):
        raise ValueError(f"Cannot end a plan as {status!r}.")
    try:
        plan = lock_active_plan(plan.pk)
    except Refused:
        raise Refused("This plan has already ended.") from None
    plan.status = status
    plan.ended_at = timezone.now()
    plan.save(update_fields=["status", "ended_at", "updated_at"])
    ahead = plan.sessions.filter(date__gte=today)
    count = _bump(ahead.filter(status=Session.Status.PLANNED), Session.Status.CANCELLED)
    _bump(ahead.filter(status=Session.Status.REST), Session.Status.CANCELLED)
    PlanEvent.objects.create(plan=plan, action=status, detail=f"{applications(count)} cancelled")
    return count


def applications(count: int, kind: str = "") -> str:
    """'1 application', '2 remaining applications': as the pages and the history say it."""
    return f"{count} {kind}application{pluralize(count)}"


def days(first: dt.date, last: dt.date) -> str:
    """'Mon 9 Mar to Sun 15 Mar 2026'."""
    return f"{engine.day_name(first)} to {engine.day_name(last, year=True)}"


def _bump(sessions, status: str) -> int:
    """Set a status on many sessions at once, raising each one's SEQUENCE."""
    return sessions.update(status=status, sequence=F("sequence") + 1, updated_at=timezone.now())
