"""The scheduling engine: pure Python, no Django.

A rule (what the label allows) plus a person's choices (start date, weekdays,
local time, IANA zone, contact hours) gives the application sessions. This is
the only place where schedule arithmetic lives; Django code calls it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
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
# The most hours the cream stays on: a plan's (the plan form) and a rule's (regimens/validation).
MAX_CONTACT_HOURS = 24


def weekday_names(days) -> str:
    """'Monday, Wednesday and Friday'"""
    names = [WEEKDAY_NAMES[day] for day in days]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


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
    # When a night may be recorded as done, around its planned time, and the fewest hours
    # between two applications ("never more than one application a day").
    done_hours_before: int = 6
    done_hours_after: int = 12
    min_hours_between: int = 16
    # "After N weeks off, assess; if not cleared, one more course of M weeks" (0: none);
    # regimens/assessment.py does that arithmetic.
    assessment_weeks_off: int = 0
    repeat_course_weeks: int = 0

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


def breaks(rule: RuleSpec, start: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The first and last day of each break in the rule's cycles, for a course from `start`."""
    found, offset = [], 0
    for phase in rule.cycles:
        if not phase.on:
            first = start + dt.timedelta(days=offset)
            found.append((first, first + dt.timedelta(days=phase.days - 1)))
        offset += phase.days
    return found


def format_cycles(cycles: tuple[Phase, ...]) -> str:
    return ", ".join(f"{p.days} {'on' if p.on else 'off'}" for p in cycles)


def get_zone(name: str) -> ZoneInfo:
    """An IANA zone by name; anything else (files, abbreviations, junk) raises."""
    if name not in zone_names():
        raise ScheduleError(
            "timezone", f"Unknown time zone {name!r}: use an IANA name like Europe/London."
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError("timezone", f"Unknown time zone {name!r}.") from exc


@functools.cache
def zone_names() -> frozenset[str]:
    """Every IANA zone get_zone() loads (regimens.zones reads what a person typed).
    'localtime' is a host file some systems list among zones, not an IANA name."""
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
        raise ScheduleError(
            "weekdays",
            f"Leave at least {rule.min_days_between} days between applications "
            f"(counting round the week): for example {weekday_names(rule.default_weekdays)}.",
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


def first_night(now: dt.datetime, at: dt.time, zone: ZoneInfo) -> dt.date:
    """The first day whose application at `at` is still to come at instant `now`: today in
    `zone`, or tomorrow once today's has passed (a course starting then would begin with a
    night already over)."""
    today = now.astimezone(zone).date()
    return today if now < local_instant(today, at, zone) else today + dt.timedelta(days=1)


def wash_off_at(apply_at: dt.datetime, contact_hours: float) -> dt.datetime:
    """Contact time is elapsed time: add it in UTC, then show it in the plan's zone."""
    zone = apply_at.tzinfo
    return (apply_at.astimezone(UTC) + dt.timedelta(hours=contact_hours)).astimezone(zone)


def clock_shift(start: dt.datetime, end: dt.datetime, zone: ZoneInfo) -> dt.timedelta:
    """How far the clocks of `zone` move between two instants: an hour (back negative) when a
    daylight-saving change falls between them, nothing otherwise. A contact of 8 hours across
    it shows as 22:00 to 05:00 or to 07:00."""
    return end.astimezone(zone).utcoffset() - start.astimezone(zone).utcoffset()


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


def done_window(rule: RuleSpec, planned: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The first and last instants at which the night planned at `planned` may have been
    done: elapsed hours before and after it, whatever the clock does in between."""
    planned = planned.astimezone(UTC)
    return (
        planned - dt.timedelta(hours=rule.done_hours_before),
        planned + dt.timedelta(hours=rule.done_hours_after),
    )


def read_done_time(
    rule: RuleSpec,
    planned: dt.datetime,
    at: dt.time,
    zone: ZoneInfo,
    *,
    now: dt.datetime | None = None,
) -> dt.datetime:
    """The instant a typed wall time `at` means for the night planned at `planned`: the
    reading on the night's date or a day either side that falls in the night's window,
    the one nearest the planned time. A typed 03:00 for a 21:30 night is the next morning.
    With `now`, a reading still to come does not count; ScheduleError says what to type."""
    first, last = done_window(rule, planned)
    inside = [i for i in _readings(planned.astimezone(zone).date(), at, zone) if first <= i <= last]
    if not inside:
        raise ScheduleError("done_time", _window_message(rule, planned, zone, at))
    past = [i for i in inside if now is None or i <= now]
    if not past:
        raise ScheduleError("done_time", "A done time cannot be in the future.")
    return min(past, key=lambda instant: abs(instant - planned)).astimezone(zone)


def _readings(day: dt.date, at: dt.time, zone: ZoneInfo) -> list[dt.datetime]:
    """Every instant that wall time `at` names from two days before `day` to two after:
    local_instant's reading (a skipped time moves by the gap) and, where the clock goes
    back, the second occurrence too."""
    readings = []
    for offset in range(-2, 3):
        naive = dt.datetime.combine(day + dt.timedelta(days=offset), at.replace(tzinfo=None))
        readings.append(local_instant(naive.date(), at, zone).astimezone(UTC))
        second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
        if second.astimezone(zone).replace(tzinfo=None, fold=0) == naive:
            readings.append(second)
    return sorted(set(readings))


def check_done_window(
    rule: RuleSpec, planned: dt.datetime, done_at: dt.datetime, zone: ZoneInfo
) -> None:
    """ScheduleError unless `done_at` lies in the window of the night planned at `planned`."""
    first, last = done_window(rule, planned)
    if not first <= done_at <= last:
        raise ScheduleError("done_time", _window_message(rule, planned, zone, done_at))


def _window_message(rule: RuleSpec, planned: dt.datetime, zone: ZoneInfo, done) -> str:
    first, last = (instant.astimezone(zone) for instant in done_window(rule, planned))
    typed = done.astimezone(zone) if isinstance(done, dt.datetime) else done
    return (
        f"{typed:%H:%M} does not fit this night, planned for "
        f"{_moment(planned.astimezone(zone))}. "
        f"Between {_moment(first)} and {_moment(last)}, please."
    )


def _moment(instant: dt.datetime) -> str:
    """'15:30 on Mon 7 Dec'."""
    return f"{instant:%H:%M} on {day_name(instant)}"


def day_name(day: dt.date, *, year: bool = False) -> str:
    """A day as every page and message names it: 'Mon 7 Dec', or 'Mon 7 Dec 2026'."""
    name = f"{day:%a} {day.day} {day:%b}"
    return f"{name} {day:%Y}" if year else name


def check_done_spacing(rule: RuleSpec, done_at: dt.datetime, others: Iterable[dt.datetime]) -> None:
    """ScheduleError when `done_at` is closer to another application than the rule allows.
    Gaps are elapsed time, so they are taken in UTC."""
    done_at = done_at.astimezone(UTC)
    gaps = [abs(done_at - other.astimezone(UTC)) for other in others]
    least = dt.timedelta(hours=rule.min_hours_between)
    if gaps and min(gaps) < least:
        raise ScheduleError(
            "done_time",
            f"That would put two applications {_fmt_gap(min(gaps))} apart; this treatment is "
            f"used at most once a day (at least {rule.min_hours_between} hours apart).",
        )


def _fmt_gap(gap: dt.timedelta) -> str:
    """'6 hours', '1 hour 5 minutes', '40 minutes' (whole minutes, rounded down)."""
    hours, minutes = divmod(int(gap.total_seconds()) // 60, 60)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((hours, "hour"), (minutes, "minute"))
        if n
    ]
    return " ".join(parts) or "0 minutes"
