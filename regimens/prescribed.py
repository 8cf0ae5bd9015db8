"""A clinician's own schedule, within hard limits: pure Python, no Django.

A clinician may prescribe what no label says (three times a week where the label says two,
every other day, a shorter course). The app plans it, but never past the product's limits:
never more than one application a day (and at least the product's fewest hours between two),
contact hours within the product's range, and a course no longer than the product's longest
labelled course unless an editor has allowed more. It also lists where the schedule departs
from the label regimen it stands in for, so that every page can say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regimens import engine, reschedule
from regimens.engine import WEEKDAY_NAMES, WEEKDAYS, RuleSpec, ScheduleError, day_name

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limits:
    """One product and strength's hard limits (an approved ProductLimits row)."""

    product: str  # "Zyclara 3.75%", as messages name it
    contact_hours_min: float
    contact_hours_max: float
    longest_course_weeks: int  # the longest course on the product's labels
    allowed_weeks: int = 0  # an editor's allowance for longer courses; 0: none
    min_hours_between: int = 16

    @property
    def max_weeks(self) -> int:
        return max(self.longest_course_weeks, self.allowed_weeks)


@dataclass(frozen=True)
class Prescription:
    """What the clinician prescribed: `per_week` applications a week on `weekdays` (none
    chosen: spread over the week), or, when `every_days` is set, one every N days."""

    start: dt.date
    weeks: int
    time: dt.time
    zone: str
    contact_hours: float
    per_week: int = 0
    weekdays: tuple[str, ...] = ()
    every_days: int | None = None

    @property
    def by_interval(self) -> bool:
        return self.every_days is not None


@dataclass(frozen=True)
class Prescribed:
    schedule: engine.Schedule
    weekdays: tuple[str, ...]  # the weekdays its applications fall on
    departures: tuple[str, ...]  # the label rules it departs from, in plain words


def build(
    limits: Limits, prescription: Prescription, label: RuleSpec, label_name: str
) -> Prescribed:
    """The sessions of a clinician's schedule and how it departs from `label` (named as
    'the US AK label'). ScheduleError, naming the limit, on the first limit it passes."""
    problems = violations(limits, prescription)
    if problems:
        raise problems[0]
    weekdays = chosen_weekdays(prescription, label)
    zone = engine.get_zone(prescription.zone)
    sessions = []
    for number, day in enumerate(session_dates(prescription, weekdays), start=1):
        apply_at = engine.local_instant(day, prescription.time, zone)
        sessions.append(
            engine.Session(
                number, day, apply_at, engine.wash_off_at(apply_at, prescription.contact_hours)
            )
        )
    check_spacing(limits, sessions)
    schedule = engine.Schedule(
        start=prescription.start,
        end=course_end(prescription),
        zone=prescription.zone,
        contact_hours=float(prescription.contact_hours),
        sessions=tuple(sessions),
    )
    used = tuple(day for day in WEEKDAYS if day in {WEEKDAYS[s.date.weekday()] for s in sessions})
    return Prescribed(schedule, used, tuple(departures(prescription, weekdays, label, label_name)))


def describe(p: Prescription, weekdays: tuple[str, ...]) -> str:
    """The prescription in words: '3 times a week (Monday, Wednesday, Friday) for 4 weeks,
    8 hours on the skin'."""
    if p.by_interval:
        often = "every day" if p.every_days == 1 else f"every {p.every_days} days"
    else:
        days = ", ".join(WEEKDAY_NAMES[day] for day in weekdays)
        often = f"{_often(p.per_week)} ({days})" if p.per_week < 7 else "every day"
    return f"{often} for {_count(p.weeks, 'week')}, {float(p.contact_hours):g} hours on the skin"


# --- changing a plan made from it -----------------------------------------------------------


def change(
    limits: Limits,
    prescription: Prescription,
    *,
    end: dt.date,
    nights: list[reschedule.Night] | tuple[reschedule.Night, ...],
    from_date: dt.date,
    now: dt.datetime,
) -> reschedule.Reschedule:
    """The plan's nights once its time, zone or weekdays change from `from_date` on.
    `prescription` is the plan's own with the new time, zone and weekdays (every N days keeps
    its dates), checked against `limits`, the version the plan was made under; the course
    still ends on `end`. ScheduleError, naming the limit, when it passes one."""
    if not prescription.by_interval and len(prescription.weekdays) != prescription.per_week:
        raise ScheduleError(
            "weekdays",
            f"Your clinician prescribed {_often(prescription.per_week)}: choose "
            f"{_count(prescription.per_week, 'day')} (you chose {len(prescription.weekdays)}).",
        )
    problems = violations(limits, prescription)
    if problems:
        raise problems[0]
    weekdays = () if prescription.by_interval else engine.parse_weekdays(prescription.weekdays)
    result = reschedule.reschedule_dates(
        [day for day in session_dates(prescription, weekdays) if day <= end],
        reschedule.Spacing(days=1, hours=limits.min_hours_between),
        per_week=None if prescription.by_interval else prescription.per_week,
        start=prescription.start,
        end=end,
        nights=nights,
        from_date=from_date,
        now=now,
        time=prescription.time,
        zone=prescription.zone,
        contact_hours=float(prescription.contact_hours),
    )
    check_spacing(limits, live_nights(result))
    return result


def live_nights(result: reschedule.Reschedule) -> list[reschedule.Outcome]:
    """The nights that stay in the plan after a change (a missed or rest night counts: it can
    be set back), by date; cancelled ones out."""
    return [
        o
        for o in result.outcomes
        if o.kind != reschedule.CANCELLED
        and not (o.kind == reschedule.KEPT and o.was.status == reschedule.GONE)
    ]


# --- the hard limits ------------------------------------------------------------------------


def violations(limits: Limits, prescription: Prescription) -> list[ScheduleError]:
    """Every hard limit the prescription passes, each naming the limit; [] when none."""
    checks = (_zone_error, _frequency_error, _weekdays_error, _contact_error, _weeks_error)
    return [error for check in checks if (error := check(limits, prescription))]


def _zone_error(limits: Limits, p: Prescription) -> ScheduleError | None:
    try:
        engine.get_zone(p.zone)
    except ScheduleError as error:
        return error
    return None


def _frequency_error(limits: Limits, p: Prescription) -> ScheduleError | None:
    """Never more than one application a day, and an interval the course can hold."""
    once = f"{limits.product} is used at most once a day"
    if p.by_interval and p.every_days < 1:
        return ScheduleError(
            "every_days", f"{once}: enter every 1 day or more (you entered {p.every_days})."
        )
    if p.by_interval and p.weeks >= 1 and p.every_days > p.weeks * 7:  # one night, or none
        days = p.weeks * 7
        return ScheduleError(
            "every_days",
            f"A course of {_count(p.weeks, 'week')} holds {days} days: enter every {days} days "
            f"or fewer (you entered {p.every_days}).",
        )
    if not p.by_interval and p.per_week > 7:
        return ScheduleError(
            "per_week", f"{once}: at most 7 applications a week (you entered {p.per_week})."
        )
    if not p.by_interval and p.per_week < 1:
        return ScheduleError("per_week", "Enter at least 1 application a week.")
    return None


def _weekdays_error(limits: Limits, p: Prescription) -> ScheduleError | None:
    if p.by_interval or not p.weekdays or not 1 <= p.per_week <= 7:
        return None
    try:
        chosen = engine.parse_weekdays(p.weekdays)
    except ScheduleError as error:
        return error
    if len(chosen) != p.per_week:
        return ScheduleError(
            "weekdays",
            f"You chose {_count(len(chosen), 'day')} for {p.per_week} applications a week: "
            f"choose {p.per_week}, or none to spread them over the week.",
        )
    return None


def _contact_error(limits: Limits, p: Prescription) -> ScheduleError | None:
    """Contact hours within the product's range."""
    hours = float(p.contact_hours)
    stays = f"{limits.product} stays on for"
    if limits.contact_hours_min == limits.contact_hours_max != hours:
        return ScheduleError(
            "contact_hours",
            f"{stays} {limits.contact_hours_max:g} hours: you entered {hours:g}.",
        )
    if hours > limits.contact_hours_max:
        return ScheduleError(
            "contact_hours",
            f"{stays} at most {limits.contact_hours_max:g} hours: you entered {hours:g}.",
        )
    if hours < limits.contact_hours_min:
        return ScheduleError(
            "contact_hours",
            f"{stays} at least {limits.contact_hours_min:g} hours: you entered {hours:g}.",
        )
    return None


def _weeks_error(limits: Limits, p: Prescription) -> ScheduleError | None:
    """A course no longer than the longest labelled one, or the editor's allowance."""
    if p.weeks < 1:
        return ScheduleError("weeks", "A course lasts at least 1 week.")
    if p.weeks <= limits.max_weeks:
        return None
    course = f"A course of {limits.product} lasts at most {_count(limits.max_weeks, 'week')}"
    if limits.allowed_weeks > limits.longest_course_weeks:
        why = f"{limits.longest_course_weeks} on its labels, and an editor allows up to "
        why += f"{limits.allowed_weeks} for a clinician's schedule"
        return ScheduleError("weeks", f"{course} ({why}): you entered {p.weeks}.")
    return ScheduleError("weeks", f"{course}, the longest on its labels: you entered {p.weeks}.")


def check_spacing(limits: Limits, sessions: list[engine.Session]) -> None:
    """At least the product's fewest hours between two applications, in elapsed time. One
    application a day at one wall time keeps 23 hours or more even across a clock change;
    this holds it whatever changes upstream."""
    least = dt.timedelta(hours=limits.min_hours_between)
    for before, after in zip(sessions, sessions[1:], strict=False):
        if after.apply_at.astimezone(dt.UTC) - before.apply_at.astimezone(dt.UTC) < least:
            raise ScheduleError(
                "application_time",
                f"{limits.product} needs at least {limits.min_hours_between} hours between "
                f"applications: {day_name(after.date)} comes too soon after "
                f"{day_name(before.date)}.",
            )


# --- the sessions ---------------------------------------------------------------------------


def chosen_weekdays(p: Prescription, label: RuleSpec) -> tuple[str, ...]:
    """The weekdays of a weekly schedule: those chosen, else the label's usual days when it
    has as many, else spread over the week (3: Monday, Wednesday, Friday); () by interval."""
    if p.by_interval:
        return ()
    if p.weekdays:
        return engine.parse_weekdays(p.weekdays)
    if p.per_week == label.applications_per_week:
        return label.default_weekdays
    return tuple(WEEKDAYS[i * 7 // p.per_week] for i in range(p.per_week))


def course_end(p: Prescription) -> dt.date:
    """The last day of the course, fixed when the plan is made."""
    return p.start + dt.timedelta(days=7 * p.weeks - 1)


def session_dates(p: Prescription, weekdays: tuple[str, ...]) -> list[dt.date]:
    """One date at most per day, from the start to the fixed end."""
    days = [p.start + offset * DAY for offset in range(7 * p.weeks)]
    if p.by_interval:
        return days[:: p.every_days]
    chosen = {WEEKDAYS.index(day) for day in weekdays}
    return [day for day in days if day.weekday() in chosen]


# --- where it departs from the label --------------------------------------------------------


def departures(
    p: Prescription, weekdays: tuple[str, ...], label: RuleSpec, label_name: str
) -> list[str]:
    """The label rules the schedule departs from: '3 times a week (the US AK label says 2)'."""
    found = [_how_often(p, label, label_name), _spacing(p, weekdays, label, label_name)]
    found += [_breaks(label, label_name), _course(p, label, label_name)]
    found += [_contact(p, label, label_name), _assessment(label, label_name)]
    return [text for text in found if text]


def _often(per_week: int) -> str:
    return {7: "every day", 1: "once a week"}.get(per_week, f"{per_week} times a week")


def _how_often(p: Prescription, label: RuleSpec, name: str) -> str | None:
    says = label.applications_per_week
    if p.by_interval:
        if p.every_days == 1 and label.daily:
            return None
        ours = "every day" if p.every_days == 1 else f"every {p.every_days} days"
        return f"{ours} ({name} says {_often(says)})"
    if p.per_week == says:
        return None
    both_counted = {p.per_week, says}.isdisjoint({1, 7})
    return f"{_often(p.per_week)} ({name} says {says if both_counted else _often(says)})"


def _spacing(p: Prescription, weekdays, label: RuleSpec, name: str) -> str | None:
    """Chosen days closer together than the label allows (when as many as it says)."""
    if p.by_interval or p.per_week != label.applications_per_week or label.daily:
        return None
    closest = min(engine.spacing_gaps(weekdays))
    if closest >= label.min_days_between:
        return None
    return (
        f"{engine.weekday_names(weekdays)}: {_count(closest, 'day')} apart at the closest "
        f"({name} says at least {label.min_days_between})"
    )


def _breaks(label: RuleSpec, name: str) -> str | None:
    if not any(not phase.on for phase in label.cycles):
        return None
    phases = ", ".join(f"{phase.days} days {'on' if phase.on else 'off'}" for phase in label.cycles)
    return f"no break in the course ({name} has {phases})"


def _course(p: Prescription, label: RuleSpec, name: str) -> str | None:
    days = 7 * p.weeks
    if days == label.course_days or (label.until_cleared and days < label.course_days):
        return None
    length = _length(label.course_days)
    says = f"at most {length}, until cleared" if label.until_cleared else length
    ours = _count(p.weeks, "week")
    if length.endswith(" weeks") and not label.until_cleared:
        says = length.removesuffix(" weeks")
    return f"{ours} ({name} says {says})"


def _contact(p: Prescription, label: RuleSpec, name: str) -> str | None:
    hours = float(p.contact_hours)
    low, high = label.contact_hours_min, label.contact_hours_max
    if low <= hours <= high:
        return None
    says = f"{low:g}" if low == high else f"{low:g} to {high:g}"
    return f"{hours:g} hours on the skin ({name} says {says})"


def _assessment(label: RuleSpec, name: str) -> str | None:
    """The clinician's schedule has no assessment: the clinician decides what comes next."""
    if not (label.assessment_weeks_off and label.repeat_course_weeks):
        return None
    off, more = (
        _count(label.assessment_weeks_off, "week"),
        _count(label.repeat_course_weeks, "week"),
    )
    return (
        f"no assessment after the course ({name} says: {off} off, then an assessment, "
        f"then {more} more if not cleared)"
    )


def _length(days: int) -> str:
    return _count(days // 7, "week") if days % 7 == 0 else _count(days, "day")


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"
