"""Changing a plan from a chosen date: pure Python, no Django.

A person who travels, moves their bedtime or needs other weekdays changes the plan "from" a
date. Only the future is rebuilt, inside the course fixed at creation:

- nights before the from-date, nights already recorded (done, missed, rest) and nights whose
  time has passed at the instant of the change (not recorded yet, but the cream may be on: a
  new time that evening would ask for a second application) stay exactly as they were;
- the new weekdays are checked by the rule as at creation, the cycles still count from the
  plan's start, and the end date never moves;
- a change never adds applications: no more in the course than the new pattern holds from the
  start, and no more in any 7 days running than the rule's (or prescription's) count a week;
  at the seam, the old and new weekdays together could hold more (Mon, Wed, Fri to Thu, Fri,
  Sat from a Wednesday: Mon, Thu, Fri, Sat), so the dates that would pass a count are left out;
- no application lands closer to a night that stays than the rule allows (days between, and
  never while that night's cream is still on), whatever that night's record says, since a
  record can be undone: such a date is left out;
- each night that stays in the plan keeps its number (the calendar UID), so calendar apps
  move the event instead of adding a second one. Nights no longer needed are cancelled, and
  only what is left over gets new numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regimens.engine import (
    RuleSpec,
    ScheduleError,
    day_name,
    get_zone,
    local_instant,
    session_dates,
    validate_weekdays,
    wash_off_at,
)

KEPT, MOVED, CANCELLED, NEW = "kept", "moved", "cancelled", "new"
PLANNED = "planned"
RECORDED = frozenset({"done", "missed", "rest"})  # what happened (or was decided) stays
GONE = "cancelled"


@dataclass(frozen=True)
class Night:
    """An existing night of the plan, as its row holds it."""

    number: int
    date: dt.date
    apply_at: dt.datetime
    wash_off_at: dt.datetime
    status: str
    zone: str


@dataclass(frozen=True)
class Outcome:
    """What happens to one night: `was` is the night before the change (None when new)."""

    kind: str
    number: int
    date: dt.date
    apply_at: dt.datetime
    wash_off_at: dt.datetime
    zone: str
    was: Night | None = None

    @property
    def changed(self) -> bool:
        return self.kind != KEPT


@dataclass(frozen=True)
class Reschedule:
    from_date: dt.date
    outcomes: tuple[Outcome, ...]  # every existing night once, then the new ones; by date
    left_out: tuple[dt.date, ...]  # new-weekday dates too close to a night that stays
    passed: tuple[Night, ...] = ()  # from the from-date on, unrecorded, time passed: they stay
    over: tuple[dt.date, ...] = ()  # new-weekday dates that would pass the counts
    per_week: int | None = None  # the counts kept: a week (7 days running; None: no weeks)
    most: int = 0  # and in the course

    def of_kind(self, kind: str) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.kind == kind)

    @property
    def changes(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.changed)

    def moves_in_safe_order(self) -> tuple[Outcome, ...]:
        """The moves, ordered so that writing them one by one never puts two nights on one
        date: a night moving later waits for the one on its new date, which moves later too
        (matching keeps date order), so later-moving nights go latest first, and
        earlier-moving nights earliest first."""
        moves = self.of_kind(MOVED)
        later = sorted((o for o in moves if o.date > o.was.date), key=lambda o: o.was.date)
        earlier = sorted((o for o in moves if o.date <= o.was.date), key=lambda o: o.was.date)
        return tuple(later[::-1] + earlier)


@dataclass(frozen=True)
class Spacing:
    """How close two applications may come: `days` between their dates, and `hours` elapsed
    between their times (0: only "not while the earlier one's cream is still on")."""

    days: int
    hours: float = 0


def reschedule(
    rule: RuleSpec,
    *,
    start: dt.date,
    end: dt.date,
    nights: list[Night] | tuple[Night, ...],
    from_date: dt.date,
    now: dt.datetime,
    time: dt.time,
    zone: str,
    weekdays: tuple[str, ...],
    contact_hours: float,
) -> Reschedule:
    """The plan's nights after changing time, zone or weekdays from `from_date` on (from the
    start when that is later: a plan not yet begun changes as a whole)."""
    get_zone(zone)
    weekdays = validate_weekdays(rule, weekdays)
    return reschedule_dates(
        session_dates(rule, start, weekdays),
        Spacing(rule.min_days_between, rule.min_hours_between),
        per_week=rule.applications_per_week,
        start=start,
        end=end,
        nights=nights,
        from_date=from_date,
        now=now,
        time=time,
        zone=zone,
        contact_hours=contact_hours,
    )


def reschedule_dates(
    dates: list[dt.date],
    spacing: Spacing,
    *,
    per_week: int | None,
    start: dt.date,
    end: dt.date,
    nights: list[Night] | tuple[Night, ...],
    from_date: dt.date,
    now: dt.datetime,
    time: dt.time,
    zone: str,
    contact_hours: float,
) -> Reschedule:
    """As reschedule(), for any pattern: `dates` are the course's application dates under the
    new choices (a rule's weekdays and cycles, or a clinician's schedule), counted from the
    start; only those from the from-date on are used, and no more than `len(dates)` in all
    nor `per_week` in any 7 days running (None: every N days, whose dates are fixed)."""
    tz = get_zone(zone)
    if from_date > end:
        raise ScheduleError(
            "from_date", f"The course ends on {day_name(end, year=True)}: choose a day before."
        )
    from_date = max(from_date, start)
    stays = [n for n in nights if _stays(n, from_date, now)]
    open_rows = [n for n in nights if not _stays(n, from_date, now)]
    window = (from_date, end)
    wanted, left_out = _wanted(dates, spacing, window, stays, time, tz, contact_hours)
    wanted, over = _counted(wanted, stays, start, per_week, len(dates))
    matched, dropped = _match(open_rows, sorted(wanted))
    outcomes = [_as_is(n) for n in stays]
    outcomes += [_as_is(n) if n.status == GONE else _cancelled(n) for n in dropped]
    next_number = max((n.number for n in nights), default=0) + 1
    for day in sorted(wanted):
        apply_at, wash_off = wanted[day]
        row = matched.get(day)
        if row is None:
            outcomes.append(Outcome(NEW, next_number, day, apply_at, wash_off, zone))
            next_number += 1
        else:
            same = (row.status, row.date, row.apply_at, row.zone) == (PLANNED, day, apply_at, zone)
            kind = KEPT if same else MOVED
            outcomes.append(Outcome(kind, row.number, day, apply_at, wash_off, zone, row))
    passed = tuple(n for n in stays if n.date >= from_date and n.status == PLANNED)
    by_date = tuple(sorted(outcomes, key=lambda o: o.date))
    return Reschedule(from_date, by_date, left_out, passed, over, per_week, len(dates))


def _stays(night: Night, from_date: dt.date, now: dt.datetime) -> bool:
    """Before the from-date, recorded, or its time passed at `now`: left exactly as it is, to be
    recorded. Its time, not its done window (open hours before): until then tonight's night may
    still move, the usual change of bedtime made that evening. (A night cancelled on or after
    the from-date, still to come, may be brought back, on its own date or another.)"""
    return night.date < from_date or night.status in RECORDED or night.apply_at <= now


def _wanted(dates, spacing, window, stays, time, tz, hours):
    """The new pattern's dates from the from-date to the end, off the dates that staying
    nights hold and far enough from the applications that stay; with the dates left out for
    being too close."""
    from_date, end = window
    taken = {n.date for n in stays}
    anchors = [n for n in stays if n.status != GONE]  # "missed" or "rest" can be undone
    wanted, left_out = {}, []
    for day in dates:
        if not from_date <= day <= end or day in taken:
            continue
        apply_at = local_instant(day, time, tz)
        wash_off = wash_off_at(apply_at, hours)
        if any(_too_close(spacing, day, apply_at, wash_off, night) for night in anchors):
            left_out.append(day)
        else:
            wanted[day] = (apply_at, wash_off)
    return wanted, tuple(left_out)


def _counted(wanted, stays, start, per_week, most):
    """The wanted dates, in date order, while the plan keeps to `most` applications in the
    course and `per_week` in any 7 days running (which holds for the calendar week and the
    course's own weeks alike); with the dates left out. A missed or rest night counts: it can
    be set back."""
    held = [n.date for n in stays if n.status != GONE]
    total = sum(day >= start for day in held)
    kept, over = {}, []
    for day in sorted(wanted):
        if total >= most or (per_week and _week_full(day, held, per_week)):
            over.append(day)
            continue
        kept[day] = wanted[day]
        held.append(day)
        total += 1
    return kept, tuple(over)


def _week_full(day: dt.date, held: list[dt.date], per_week: int) -> bool:
    """Whether some 7 days running that include `day` already hold `per_week` applications."""
    for first in (day - dt.timedelta(days=back) for back in range(7)):
        if sum(first <= other <= first + dt.timedelta(days=6) for other in held) >= per_week:
            return True
    return False


def _too_close(spacing: Spacing, day, apply_at, wash_off, night: Night) -> bool:
    """Fewer days apart than allowed, fewer elapsed hours, or not after the earlier night's
    wash-off (a zone change can bring two applications on different dates within hours of
    each other, or even turn their order round)."""
    if abs((day - night.date).days) < spacing.days:
        return True
    elapsed = abs(apply_at.astimezone(dt.UTC) - night.apply_at.astimezone(dt.UTC))
    if spacing.hours and elapsed < dt.timedelta(hours=spacing.hours):
        return True
    if night.date < day:
        return apply_at < night.wash_off_at
    return night.apply_at < wash_off


def _match(rows: list[Night], dates: list[dt.date]) -> tuple[dict[dt.date, Night], list[Night]]:
    """Pair the open rows with the wanted dates in date order, so numbers keep their order.

    Every row sitting on a wanted date must take part (it moves, or stays there), or two nights
    would share a date; planned rows take part too, cancelled rows elsewhere do not. When rows
    outnumber dates, the latest rows that may be left out are cancelled."""
    on_wanted = set(dates)
    eligible = [r for r in rows if r.status == PLANNED or r.date in on_wanted]
    eligible.sort(key=lambda r: r.date)
    excess = len(eligible) - len(dates)
    for row in reversed(eligible[:]):
        if excess <= 0:
            break
        if row.date not in on_wanted:
            eligible.remove(row)
            excess -= 1
    matched = dict(zip(dates, eligible, strict=False))
    taken = {id(row) for row in matched.values()}
    return matched, [r for r in rows if id(r) not in taken]


def _as_is(night: Night) -> Outcome:
    return Outcome(
        KEPT, night.number, night.date, night.apply_at, night.wash_off_at, night.zone, night
    )


def _cancelled(night: Night) -> Outcome:
    return Outcome(
        CANCELLED,
        night.number,
        night.date,
        night.apply_at,
        night.wash_off_at,
        night.zone,
        night,
    )
