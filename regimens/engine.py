"""The scheduling engine: pure Python, no Django.

A rule (what the label allows) plus a person's choices (start date, weekdays,
local time, IANA zone, contact hours) gives the application sessions. This is
the only place where schedule arithmetic lives; Django code calls it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = dict(
    zip(
        WEEKDAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
UTC = dt.UTC


class ScheduleError(ValueError):
    """Input that cannot make a schedule; `field` names the input at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Phase:
    """A stretch of the course: treatment days (`on`) or a planned break."""

    on: bool
    days: int


@dataclass(frozen=True)
class RuleSpec:
    """The part of a regimen rule that shapes a schedule."""

    slug: str
    applications_per_week: int
    default_weekdays: tuple[str, ...]
    min_days_between: int
    course_days: int
    cap_days: int
    until_cleared: bool = False
    cycles: tuple[Phase, ...] = ()
    contact_hours_default: float = 8
    contact_hours_min: float = 8
    contact_hours_max: float = 8
    default_time: dt.time = dt.time(22, 0)

    @property
    def daily(self) -> bool:
        return self.applications_per_week == 7

    def is_on_day(self, offset: int) -> bool:
        """Whether day `offset` of the course (0 = start) is a treatment day of the cycles."""
        for phase in self.cycles:
            if offset < phase.days:
                return phase.on
            offset -= phase.days
        return not self.cycles


@dataclass(frozen=True)
class PlanInputs:
    """What the person chooses when making a plan."""

    start: dt.date
    weekdays: tuple[str, ...]
    time: dt.time
    zone: str
    contact_hours: float


@dataclass(frozen=True)
class Session:
    number: int
    date: dt.date
    apply_at: dt.datetime
    wash_off_at: dt.datetime


@dataclass(frozen=True)
class Schedule:
    start: dt.date
    end: dt.date
    zone: str
    contact_hours: float
    sessions: tuple[Session, ...]


def parse_weekdays(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """'Mon, thu' or ['mon', 'thu'] -> ('mon', 'thu') in week order; unknown names raise."""
    items = value.split(",") if isinstance(value, str) else list(value)
    names = {_weekday_key(item) for item in items if item.strip()}
    unknown = names - set(WEEKDAYS)
    if unknown:
        raise ScheduleError(
            "weekdays",
            f"Unknown weekday {sorted(unknown)[0]!r}: use mon, tue, wed, thu, fri, sat, sun.",
        )
    return tuple(day for day in WEEKDAYS if day in names)


def _weekday_key(item: str) -> str:
    """'Mon', 'tues', 'Thursday' -> the short name; anything else comes back as typed."""
    word = item.strip().lower()
    for day, name in WEEKDAY_NAMES.items():
        if len(word) >= 3 and name.lower().startswith(word):
            return day
    return word


def parse_cycles(value: str) -> tuple[Phase, ...]:
    """'14 on, 14 off, 14 on' -> phases; '' -> no cycles."""
    phases = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        days, _, kind = part.partition(" ")
        count_ok = days.isascii() and days.isdigit() and int(days) >= 1  # int('²') would raise
        if not count_ok or kind.strip() not in ("on", "off"):
            raise ScheduleError(
                "cycles", f"Cannot read cycle {part!r}: write it like '14 on, 14 off'."
            )
        phases.append(Phase(on=kind.strip() == "on", days=int(days)))
    return tuple(phases)


def format_cycles(cycles: tuple[Phase, ...]) -> str:
    return ", ".join(f"{p.days} {'on' if p.on else 'off'}" for p in cycles)


def get_zone(name: str) -> ZoneInfo:
    """An IANA zone by name; anything else (files, abbreviations, junk) raises."""
    if name not in _zone_names():
        raise ScheduleError(
            "timezone", f"Unknown time zone {name!r}: use an IANA name like Europe/London."
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError("timezone", f"Unknown time zone {name!r}.") from exc


@functools.cache
def _zone_names() -> frozenset[str]:
    # 'localtime' is a host file some systems list among zones, not an IANA name.
    return frozenset(available_timezones()) - {"localtime", "posixrules"}


def spacing_gaps(weekdays: tuple[str, ...]) -> list[int]:
    """Days from each chosen weekday to the next one, counted around the week."""
    indexes = sorted(WEEKDAYS.index(day) for day in weekdays)
    return [(indexes[(i + 1) % len(indexes)] - idx) % 7 or 7 for i, idx in enumerate(indexes)]


def validate_weekdays(rule: RuleSpec, weekdays: tuple[str, ...]) -> tuple[str, ...]:
    """Check the weekday choice against the rule, with messages a patient understands."""
    weekdays = parse_weekdays(weekdays)
    n = rule.applications_per_week
    if rule.daily:
        if weekdays and len(weekdays) != 7:
            raise ScheduleError(
                "weekdays", "This treatment is used every day: choose all seven days."
            )
        return WEEKDAYS
    if len(weekdays) != n:
        raise ScheduleError(
            "weekdays",
            f"Choose exactly {n} days a week for this treatment (you chose {len(weekdays)}).",
        )
    if min(spacing_gaps(weekdays)) < rule.min_days_between:
        example = " and ".join(WEEKDAY_NAMES[d] for d in rule.default_weekdays)
        raise ScheduleError(
            "weekdays",
            f"Leave at least {rule.min_days_between} days between applications "
            f"(counting round the week): for example {example}.",
        )
    return weekdays


def validate_contact_hours(rule: RuleSpec, hours: float) -> float:
    if not rule.contact_hours_min <= hours <= rule.contact_hours_max:
        low, high = _fmt_hours(rule.contact_hours_min), _fmt_hours(rule.contact_hours_max)
        allowed = f"{low} hours" if low == high else f"between {low} and {high} hours"
        raise ScheduleError("contact_hours", f"For this treatment the cream stays on {allowed}.")
    return hours


def _fmt_hours(hours: float) -> str:
    return f"{hours:g}"


def local_instant(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The instant of wall-clock `at` on `day` in `zone`.

    A time skipped by a spring-forward change moves forward by the gap; a time that
    happens twice takes the first occurrence (fold=0). Round-tripping through UTC
    turns zoneinfo's fold=0 reading of a gap time into the real wall time after it.
    Where moving forward would leave the day (a gap ending at midnight, as in
    America/Nuuk), the time moves back by the gap instead (fold=1): one application
    a day outranks the direction of the shift.
    """
    naive = dt.datetime.combine(day, at.replace(tzinfo=None, fold=0))
    instant = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    if instant.date() != day:
        instant = naive.replace(tzinfo=zone, fold=1).astimezone(UTC).astimezone(zone)
    return instant


def wash_off_at(apply_at: dt.datetime, contact_hours: float) -> dt.datetime:
    """Contact time is elapsed time: add it in UTC, then show it in the plan's zone."""
    zone = apply_at.tzinfo
    return (apply_at.astimezone(UTC) + dt.timedelta(hours=contact_hours)).astimezone(zone)


def course_end(rule: RuleSpec, start: dt.date) -> dt.date:
    """Last day (inclusive) of the course window, fixed when the plan is made."""
    return start + dt.timedelta(days=rule.course_days - 1)


def session_dates(rule: RuleSpec, start: dt.date, weekdays: tuple[str, ...]) -> list[dt.date]:
    """Application dates: chosen weekdays inside the window, skipping off-cycle days."""
    chosen = {WEEKDAYS.index(day) for day in weekdays}
    days = (start + dt.timedelta(days=offset) for offset in range(rule.course_days))
    return [day for day in days if day.weekday() in chosen and rule.is_on_day((day - start).days)]


def build_schedule(rule: RuleSpec, inputs: PlanInputs) -> Schedule:
    """The sessions of a plan: one per chosen day at most, never past the fixed end."""
    zone = get_zone(inputs.zone)
    weekdays = validate_weekdays(rule, inputs.weekdays)
    hours = validate_contact_hours(rule, float(inputs.contact_hours))
    sessions = []
    for number, day in enumerate(session_dates(rule, inputs.start, weekdays), start=1):
        apply_at = local_instant(day, inputs.time, zone)
        sessions.append(Session(number, day, apply_at, wash_off_at(apply_at, hours)))
    return Schedule(
        start=inputs.start,
        end=course_end(rule, inputs.start),
        zone=inputs.zone,
        contact_hours=hours,
        sessions=tuple(sessions),
    )


def sessions_between(schedule: Schedule, first: dt.date, last: dt.date) -> tuple[Session, ...]:
    """Sessions whose local date lies in [first, last]: what a rest period covers."""
    return tuple(s for s in schedule.sessions if first <= s.date <= last)


def available_zone_names() -> list[str]:
    """IANA zone names for pickers, sorted."""
    return sorted(_zone_names())
