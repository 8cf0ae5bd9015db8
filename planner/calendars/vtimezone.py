"""VTIMEZONE components built from the IANA tz database (zoneinfo), checked change by change.

icalendar's own generator (``Timezone.from_tzinfo``) is not used: 7.3.0 writes the spring onset in
the wall time *after* the change (an hour late, RFC 5545 wants TZOFFSETFROM time) and groups onsets
into multi-value RDATEs, of which ical.js (Thunderbird) reads only the first value.

The output is the widely supported shape: one STANDARD and one DAYLIGHT with a yearly
``BYMONTH/BYDAY`` RRULE when such a rule reproduces every transition found in the window, otherwise
one component per transition with its own DTSTART (no RDATE at all). Zones without transitions get
a single STANDARD from 1970.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

UTC = dt.UTC
# The window covers a year either side of the course, so the transition in force at `first` is
# always inside it (yearly onsets are at most 371 days apart, two kinds per year).
PAD = dt.timedelta(days=370)
# Coarse scan step; tzdata never has two offset changes this close together in modern times.
STEP = dt.timedelta(hours=3)
# Years probed past the window only to choose between "4th" and "last" weekday when both fit.
TIEBREAK_YEARS = 12
FALLBACK_EPOCH = dt.datetime(1970, 1, 1)  # DTSTART of the lone STANDARD of fixed-offset zones


@dataclass(frozen=True)
class Transition:
    """An offset change at `utc`; `kind` groups changes into one observance."""

    utc: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    is_dst: bool  # positive DST after the change (Dublin's winter has negative DST in tzdata)

    @property
    def onset(self) -> dt.datetime:
        """Naive local wall time just before the change (RFC 5545: DTSTART in TZOFFSETFROM)."""
        return (self.utc + self.offset_from).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return (self.offset_from, self.offset_to, self.name, self.is_dst)


def _ltype(tz: ZoneInfo, t: dt.datetime) -> tuple[dt.timedelta, dt.timedelta, str]:
    local = t.astimezone(tz)
    return local.utcoffset(), local.dst(), local.tzname()


@lru_cache(maxsize=256)
def transitions(zone: str, start: dt.datetime, end: dt.datetime) -> tuple[Transition, ...]:
    """All changes of (offset, dst, name) in [start, end] (aware UTC), exact to the second."""
    tz = ZoneInfo(zone)
    found = []
    lo, lo_type = start, _ltype(tz, start)
    while lo < end:
        hi = min(lo + STEP, end)
        hi_type = _ltype(tz, hi)
        if hi_type != lo_type:
            a, b = lo, hi  # a has the old type, b the new; bisect to one second
            while b - a > dt.timedelta(seconds=1):
                mid = (a + (b - a) // 2).replace(microsecond=0)
                if _ltype(tz, mid) == lo_type:
                    a = mid
                else:
                    b = mid
            new = _ltype(tz, b)
            found.append(Transition(b, lo_type[0], new[0], new[2], new[1] > dt.timedelta(0)))
            if hi_type != new:  # a second change inside one step: rescan from b
                lo, lo_type = b, new
                continue
        lo, lo_type = hi, hi_type
    return tuple(found)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    """The n-th (1..4) or last (-1) `weekday` of the month."""
    days = calendar.monthrange(year, month)[1]
    if n == -1:
        last = dt.date(year, month, days)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


def _rule_utc(t: Transition, n: int, year: int) -> dt.datetime | None:
    """The instant the rule (t's month, weekday, wall time, n) gives in `year`."""
    on = t.onset
    day = _nth_weekday(year, on.month, on.weekday(), n)
    if day is None:
        return None
    return (dt.datetime.combine(day, on.time()) - t.offset_from).replace(tzinfo=UTC)


def _rule_fits(group: list[Transition], n: int, end: dt.datetime) -> bool:
    """Does the yearly rule from group[0] yield exactly the group's instants up to `end`?"""
    first = group[0]
    want = [t.utc for t in group]
    got = [_rule_utc(first, n, y) for y in range(first.onset.year, end.year + 2)]
    return [u for u in got if u is not None and first.utc <= u <= end] == want


def _probe(zone: str, t: Transition, n: int, year: int) -> bool:
    """Does zoneinfo really change from t's offset to t's new offset at the rule's instant?"""
    u = _rule_utc(t, n, year)
    if u is None:
        return False
    tz = ZoneInfo(zone)
    before = (u - dt.timedelta(seconds=1)).astimezone(tz).utcoffset()
    return before == t.offset_from and u.astimezone(tz).utcoffset() == t.offset_to


def _fit(zone: str, group: list[Transition], end: dt.datetime) -> int | None:
    """BYDAY ordinal (1..4, or -1 for last) reproducing every transition in `group`, or None."""
    on = group[0].onset
    days = calendar.monthrange(on.year, on.month)[1]
    candidates = [n for n in ((on.day - 1) // 7 + 1,) if n <= 4]
    if on.day + 7 > days:
        candidates.append(-1)
    fits = [n for n in candidates if _rule_fits(group, n, end)]
    if len(fits) < 2:
        return fits[0] if fits else None

    # "4th" and "last" agree throughout the window: keep the one zoneinfo follows longer after it.
    def streak(n: int) -> int:
        years = range(end.year + 1, end.year + 1 + TIEBREAK_YEARS)
        return next(
            (i for i, y in enumerate(years) if not _probe(zone, group[0], n, y)), len(years)
        )

    return max(fits, key=lambda n: (streak(n), n == -1))


def _observance(daylight: bool, onset, offset_from, offset_to, name) -> icalendar.Component:
    comp = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
    comp.add("DTSTART", onset)
    comp.add("TZOFFSETFROM", offset_from)
    comp.add("TZOFFSETTO", offset_to)
    comp.add("TZNAME", name)
    return comp


def _rrule_observances(
    zone: str, found: tuple[Transition, ...], begin: dt.datetime, end: dt.datetime
):
    """Two observances with yearly RRULEs, or None when that shape does not reproduce `found` or
    starts after `begin` (before its first onset a reader has no offset at all)."""
    kinds = list(dict.fromkeys(t.kind for t in found))
    if len(kinds) != 2 or found[0].utc > begin:
        return None
    groups = [[t for t in found if t.kind == k] for k in kinds]
    a, b = groups[0][0], groups[1][0]
    if (a.offset_from, a.offset_to) != (b.offset_to, b.offset_from) or a.offset_to == b.offset_to:
        return None
    out = []
    for group in groups:
        n = _fit(zone, group, end)
        if n is None:
            return None
        t = group[0]
        # DAYLIGHT is the observance with the larger offset, whatever tzdata's isdst says (Dublin).
        comp = _observance(t.offset_to > t.offset_from, t.onset, t.offset_from, t.offset_to, t.name)
        weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[t.onset.weekday()]
        comp.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": t.onset.month, "BYDAY": f"{n}{weekday}"})
        out.append((t.utc, comp))
    return [comp for _, comp in sorted(out, key=lambda x: x[0])]


def vtimezone(zone: str, first: dt.date, last: dt.date) -> icalendar.Timezone:
    """VTIMEZONE for IANA `zone`, correct for every instant from `first` to `last` (and a year
    either side)."""
    # UTC midnights a day either side of the local dates cover every offset (at most +-14 h).
    begin = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(), UTC)
    start = begin - PAD
    end = dt.datetime.combine(last + dt.timedelta(days=2), dt.time(), UTC) + PAD
    found = transitions(zone, start, end)
    tz = icalendar.Timezone()
    tz.add("TZID", zone)
    offset, dst, name = _ltype(ZoneInfo(zone), start)
    if not found:
        tz.add_component(_observance(False, FALLBACK_EPOCH, offset, offset, name))
        return tz
    comps = _rrule_observances(zone, found, begin, end)
    if comps is None:
        # One component per transition (no RDATE lists), after one for the offset at the start.
        wall = (start + offset).replace(tzinfo=None)
        comps = [_observance(dst > dt.timedelta(0), wall, offset, offset, name)]
        comps += [_observance(t.is_dst, t.onset, t.offset_from, t.offset_to, t.name) for t in found]
    for comp in comps:
        tz.add_component(comp)
    return tz
