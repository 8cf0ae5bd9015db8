"""Plans that change: a new time, zone or weekdays from a chosen date, and deleting a plan.

The engine (regimens/reschedule.py) says what happens to each night; this writes it under the
same locks as every other change (planner.plans.services: the plan row, then its nights), so a
change and a night being ticked take turns. Nights keep their numbers, and with them their
calendar UIDs; each one that changes gets a higher SEQUENCE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone as clock

from planner.plans.models import Plan, PlanEvent, Session
from planner.plans.services import Refused, lock_active_plan
from planner.reminders.moves import remind_again
from regimens import engine, prescribed, reschedule
from regimens.templatetags.regimen_wording import spacing

PAST = "Choose today or a later day: nights already past stay as they were."
NOTHING = "Nothing would change from that day: choose another time, zone or days."


Rests = list[tuple[dt.date, dt.date]]


def rests_of(plan: Plan) -> Rests:
    return [(rest.first_day, rest.last_day) for rest in plan.rest_periods.all()]


def nights_of(
    sessions: Iterable[Session], from_date: dt.date, rests: Rests
) -> list[reschedule.Night]:
    """The rows as the engine's nights. A rest night from the from-date on that a rest period
    made goes as planned: it is rebuilt with the others, and whatever lands in the period is a
    rest night again (_status). A rest ticked on its own is the person's record: it stays."""
    return [
        reschedule.Night(
            s.number,
            s.date,
            s.apply_at,
            s.wash_off_at,
            Session.Status.PLANNED if _rebuilt_rest(s, from_date, rests) else s.status,
            s.zone_name,
        )
        for s in sessions
    ]


def _rebuilt_rest(night: Session, from_date: dt.date, rests: Rests) -> bool:
    in_period = in_rest(night.date, rests)
    return night.status == Session.Status.REST and night.date >= from_date and in_period


def preview_change(
    *,
    plan: Plan,
    from_date: dt.date,
    application_time: dt.time,
    timezone: str,
    weekdays,
    now: dt.datetime,
    sessions: Iterable[Session] | None = None,
    rests: Rests | None = None,
) -> reschedule.Reschedule:
    """What the change would do at instant `now` (a night whose time has passed by then
    stays), nothing saved. ScheduleError when the rule (a prescribed plan: the limits version
    it was made under) does not allow it."""
    sessions = plan.sessions.all() if sessions is None else sessions
    rests = rests_of(plan) if rests is None else rests
    if plan.is_prescribed:
        return prescribed.change(
            plan.limits.spec(),
            prescription_of(plan, time=application_time, zone=timezone, weekdays=weekdays),
            end=plan.end_date,
            nights=nights_of(sessions, from_date, rests),
            from_date=from_date,
            now=now,
        )
    rule, start = plan.course_window()  # the second course's, after "not cleared"
    return reschedule.reschedule(
        rule,
        start=start,
        end=plan.end_date,
        nights=nights_of(sessions, from_date, rests),
        from_date=from_date,
        now=now,
        time=application_time,
        zone=timezone,
        weekdays=tuple(weekdays),
        contact_hours=float(plan.contact_hours),
    )


def prescription_of(plan: Plan, *, time, zone: str, weekdays) -> prescribed.Prescription:
    """A prescribed plan's own prescription with a new time, zone and weekdays (what a change
    checks): its start, weeks and contact hours stay; every N days keeps its dates, so its
    weekdays are not asked for."""
    every = every_days_fixed(plan)
    return prescribed.Prescription(
        start=plan.start_date,
        weeks=((plan.end_date - plan.start_date).days + 1) // 7,
        time=time,
        zone=zone,
        contact_hours=float(plan.contact_hours),
        per_week=0 if every else len(plan.weekdays.split(",")),
        weekdays=() if every else tuple(weekdays),
        every_days=every,
    )


@transaction.atomic
def plan_change(
    *,
    plan: Plan,
    from_date: dt.date,
    application_time: dt.time,
    timezone: str,
    weekdays,
    today: dt.date,
    now: dt.datetime,
) -> reschedule.Reschedule:
    """Change the plan from `from_date` (today or later) on, as at instant `now` (the one
    `today` was read at): nights whose time has passed stay. Refused, changing nothing, when
    the plan has ended, the day is past, the rule does not allow it or nothing would change."""
    plan = lock_active_plan(plan.pk)
    if from_date < today:
        raise Refused(PAST)
    sessions = {s.number: s for s in plan.sessions.select_for_update()}
    rests = rests_of(plan)
    try:
        result = preview_change(
            plan=plan,
            sessions=sessions.values(),
            rests=rests,
            from_date=from_date,
            application_time=application_time,
            timezone=timezone,
            weekdays=weekdays,
            now=now,
        )
    except engine.ScheduleError as exc:
        raise Refused(exc.message) from None
    was = (plan.application_time, plan.timezone, plan.weekdays)
    now = (application_time, timezone, weekdays_field(plan, weekdays))
    if not result.changes and now == was:
        raise Refused(NOTHING)  # the form says so first; this holds for any caller
    _write(plan, sessions, result, timezone, rests)
    _zone_ahead(plan, timezone, from_date, today)
    plan.application_time, plan.timezone, plan.weekdays = now
    plan.save(
        update_fields=[
            *("application_time", "timezone", "weekdays", "updated_at"),
            *("timezone_from", "timezone_before"),
        ]
    )
    detail = describe(from_date, was, now, result)
    PlanEvent.objects.create(plan=plan, action="changed", detail=detail)
    return result


def _zone_ahead(plan: Plan, zone: str, from_date: dt.date, today: dt.date) -> None:
    """Keep the zone the plan is in today until `from_date` when the change moves it to
    another from a later day; a change from today moves it at once."""
    in_effect = plan.timezone_before if today < (plan.timezone_from or today) else plan.timezone
    ahead = from_date > today and zone != in_effect
    plan.timezone_before = in_effect if ahead else ""
    plan.timezone_from = from_date if ahead else None


def in_force(plan: Plan, day: dt.date) -> tuple[dt.time, str]:
    """The time and zone the nights follow from `day`: the first night's from then on, since a
    change saved ahead (a trip from next week) makes the plan's own values begin later; the
    plan's own when that night follows them, or no night is left."""
    own = (plan.application_time, plan.timezone)
    night = live_from(plan, day).first()
    if night is None or _follows(night, *own):
        return own
    return night.apply_at.astimezone(night.zone).time(), night.zone_name


def change_ahead(plan: Plan, day: dt.date) -> dict | None:
    """{from, time, zone} of a change already saved to begin after `day`; None when the nights
    from `day` follow the plan's own time and zone."""
    own = (plan.application_time, plan.timezone)
    if in_force(plan, day) == own:
        return None
    if plan.timezone_from and plan.timezone_from > day:
        start = plan.timezone_from  # a zone saved ahead: its first day
    else:  # a time saved ahead: its first night
        start = next((n.date for n in live_from(plan, day) if _follows(n, *own)), None)
    return {"from": start, "time": own[0], "zone": own[1]} if start else None


def live_from(plan: Plan, day: dt.date):
    nights = plan.sessions.exclude(status=Session.Status.CANCELLED)
    return nights.filter(date__gte=day).order_by("date")


def _follows(night: Session, time: dt.time, zone: str) -> bool:
    """Planned at `time` in `zone` (a time the clocks skip shows later: the engine's instant)."""
    return night.zone_name == zone and night.apply_at == engine.local_instant(
        night.date, time, night.zone
    )


def changes_nothing(plan: Plan, result: reschedule.Reschedule, data: dict) -> bool:
    """Whether a change (the form's cleaned data) would leave the plan exactly as it is."""
    now = (data["application_time"], data["timezone"], weekdays_field(plan, data["weekdays"]))
    return not result.changes and now == (plan.application_time, plan.timezone, plan.weekdays)


def weekdays_field(plan: Plan, weekdays) -> str:
    """The weekdays as the plan stores them: 'mon,thu' (a daily rule: all seven; every N days
    as prescribed: the days its nights fall on, which a change keeps)."""
    if weekdays_fixed(plan):
        return plan.weekdays
    if plan.is_prescribed:
        return ",".join(engine.parse_weekdays(tuple(weekdays)))
    return ",".join(engine.validate_weekdays(plan.rule.spec(), tuple(weekdays)))


def weekdays_fixed(plan: Plan) -> bool:
    """Every N days as prescribed: its dates count from the start, no weekday to choose."""
    return every_days_fixed(plan) is not None


def every_days_fixed(plan: Plan) -> int | None:
    """N of a plan prescribed every N days (2 or more), whose dates count from the start;
    None for any other plan. Every day (N=1) makes the same nights as seven a week: it
    changes as a weekly plan on all seven days, as it always has (and plans made before
    every_days was stored have none for it)."""
    every = plan.every_days if plan.is_prescribed else None
    return every if every and every > 1 else None


def weekday_help(plan: Plan) -> str:
    """What the change form says under the weekdays."""
    if plan.is_prescribed:
        every = every_days_fixed(plan)
        if every:
            return f"Every {every} days from the start, as prescribed: those days stay."
        per_week = len(plan.weekdays.split(","))
        return f"{per_week} days a week, as your clinician prescribed (one a day at most)."
    spec = plan.rule.spec()
    if spec.daily:
        return "Every day."
    return f"{spec.applications_per_week} days a week, {spacing(spec.min_days_between)}."


def _write(
    plan: Plan,
    sessions: dict[int, Session],
    result: reschedule.Reschedule,
    zone: str,
    rests: Rests,
):
    """Moves (in an order that never puts two nights on one date), then cancellations, then
    new nights. A night landing in a rest period is a rest night, as if it had been there.
    A moved night's reminders start a new round at its new time (planner.reminders.moves)."""
    if zone != plan.timezone:
        # Nights that stay show at the local time they had: give them the zone they were in.
        plan.sessions.filter(timezone="").update(timezone=plan.timezone)
    moved = []
    for move in result.moves_in_safe_order():
        night = sessions[move.number]
        moved.append((night, night.apply_at, night.wash_off_at))
        night.date, night.apply_at, night.wash_off_at = move.date, move.apply_at, move.wash_off_at
        night.timezone, night.status = move.zone, _status(move.date, rests)
        night.sequence = F("sequence") + 1
        night.save(update_fields=[*MOVED_FIELDS, "sequence", "updated_at"])
    remind_again(plan, moved)  # reminders already sent for the old time go again at the new
    gone = [o.number for o in result.of_kind(reschedule.CANCELLED)]
    plan.sessions.filter(number__in=gone).update(
        status=Session.Status.CANCELLED, sequence=F("sequence") + 1, updated_at=clock.now()
    )
    Session.objects.bulk_create(
        Session(
            plan=plan,
            number=o.number,
            date=o.date,
            apply_at=o.apply_at,
            wash_off_at=o.wash_off_at,
            timezone=o.zone,
            status=_status(o.date, rests),
        )
        for o in result.of_kind(reschedule.NEW)
    )


MOVED_FIELDS = ("date", "apply_at", "wash_off_at", "timezone", "status")


def in_rest(day: dt.date, rests: Rests) -> bool:
    return any(first <= day <= last for first, last in rests)


def _status(day: dt.date, rests: Rests) -> str:
    return Session.Status.REST if in_rest(day, rests) else Session.Status.PLANNED


def describe(from_date: dt.date, was: tuple, now: tuple, result: reschedule.Reschedule) -> str:
    """'from Thu 10 Dec 2026: time 21:30 to 22:15, zone Europe/London to America/New_York,
    weekdays Mon, Thu to Tue, Fri; 9 moved, 1 cancelled, 0 new' (after "Changed")."""
    names = ("time", "zone", "weekdays")
    shown, wanted = [choices_read(choices) for choices in (was, now)]
    parts = [f"{n} {a} to {b}" for n, a, b in zip(names, shown, wanted, strict=True) if a != b]
    kinds = (reschedule.MOVED, reschedule.CANCELLED, reschedule.NEW)
    counts = ", ".join(f"{len(result.of_kind(kind))} {kind}" for kind in kinds)
    day = engine.day_name(from_date, year=True)
    text = f"from {day}: {', '.join(parts) or 'same choices'}; {counts}"
    return text[: PlanEvent._meta.get_field("detail").max_length]


def choices_read(choices: tuple) -> tuple[str, str, str]:
    """(time, zone, weekdays) as a person reads them: ('21:30', 'Europe/London', 'Mon, Thu')."""
    time, zone, weekdays = choices
    return f"{time:%H:%M}", zone, ", ".join(day.capitalize() for day in weekdays.split(","))


@transaction.atomic
def plan_delete(*, plan: Plan) -> dict[str, int]:
    """Delete the plan and everything that hangs off it: its nights, rest periods, history,
    side-effect log and calendar feeds (all CASCADE). Ended plans too. Returns what went, by
    model; nothing when it was already gone."""
    locked = Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if locked is None:
        return {}
    return locked.delete()[1]
