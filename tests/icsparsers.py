"""Three independent .ics readers for the calendar tests.

Each takes the bytes of one VCALENDAR and returns ``{uid: (start, end)}``: aware UTC datetimes for
timed events, plain dates for all-day ones (end exclusive). Floating times and a UID seen twice
(e.g. an expanded RRULE) raise ValueError: our files must pin every instant and use unique UIDs.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

import icalendar
import recurring_ical_events
import vobject
from vobject.icalendar import TimezoneComponent

from services import missing

Result = dict[str, tuple[dt.datetime | dt.date, dt.datetime | dt.date]]
JS_DIR = Path(__file__).resolve().parent / "js"


def _instant(value: dt.datetime | dt.date, uid: str) -> dt.datetime | dt.date:
    if not isinstance(value, dt.datetime):
        return value
    if value.utcoffset() is None:
        raise ValueError(f"{uid}: floating time {value} has no instant")
    return value.astimezone(dt.UTC)


def _collect(pairs: Iterable[tuple[str, object, object]]) -> Result:
    out: Result = {}
    for uid, start, end in pairs:
        if uid in out:
            raise ValueError(f"UID {uid} occurs twice")
        out[uid] = (_instant(start, uid), _instant(end, uid))
    return out


def parse_with_icalendar(data: bytes) -> Result:
    """icalendar + recurring_ical_events.

    icalendar resolves a known IANA TZID through its own tz lookup (zoneinfo), not through the
    file's VTIMEZONE (used only for unknown TZIDs), so this reader checks event times, not the
    VTIMEZONE.
    """
    cal = icalendar.Calendar.from_ical(data)
    occurrences = recurring_ical_events.of(cal).all()
    return _collect((str(o["UID"]), o["DTSTART"].dt, o["DTEND"].dt) for o in occurrences)


def parse_with_vobject(data: bytes) -> Result:
    """vobject, with each TZID resolved through the file's own VTIMEZONE.

    vobject turns a VTIMEZONE into a dateutil ``tzical`` zone but keeps it in a process-wide
    registry where the first definition of a TZID wins, skips zones it deems equal to UTC (it does
    so for Europe/London) and resolves a TZID it lacks by *name* through pytz; it also drops the
    TZID parameter once parsed. So the TZID is recovered from the tzinfo vobject attached and the
    wall time re-attached to the ``tzical`` zone vobject builds from this file's VTIMEZONE; a TZID
    without one raises.
    """
    cal = vobject.readOne(data.decode("utf-8"))
    zones = {str(c.tzid.value): c.gettzinfo() for c in getattr(cal, "vtimezone_list", [])}

    def resolve(line, uid: str) -> dt.datetime | dt.date:
        value = line.value
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            return value
        tzid = TimezoneComponent.pickTzid(value.tzinfo, allowUTC=True)
        if tzid in zones:
            return value.replace(tzinfo=zones[tzid])
        if value.utcoffset() == dt.timedelta(0) and tzid == "UTC":
            return value  # a UTC ("Z") value
        raise ValueError(f"{uid}: no VTIMEZONE for TZID {tzid}")

    def pairs():
        for ev in getattr(cal, "vevent_list", []):
            uid = str(ev.uid.value)
            start = resolve(ev.dtstart, uid)
            if hasattr(ev, "dtend"):
                end = resolve(ev.dtend, uid)
            elif hasattr(ev, "duration"):
                end = start + ev.duration.value
            else:  # RFC 5545 3.6.1: a date lasts one day, a date-time no time
                is_date = not isinstance(start, dt.datetime)
                end = start + dt.timedelta(days=1) if is_date else start
            yield uid, start, end

    return _collect(pairs())


def require_icaljs() -> str:
    """Path to node; skips the test when the harness is missing (fails it when CI=true)."""
    node = shutil.which("node")
    if node is None or not (JS_DIR / "node_modules" / "ical.js").is_dir():
        missing("ical.js harness unavailable: need node and `npm ci --prefix tests/js`")
    return node


def run_icaljs(data: bytes) -> dict:
    """Raw JSON from tests/js/parse_ics.mjs (Mozilla ical.js, as in Thunderbird)."""
    node = require_icaljs()
    proc = subprocess.run(
        [node, str(JS_DIR / "parse_ics.mjs")], input=data, capture_output=True, timeout=60
    )
    if proc.returncode:
        raise ValueError(f"ical.js: {proc.stderr.decode().strip()}")
    return json.loads(proc.stdout)


def parse_with_icaljs(data: bytes) -> Result:
    """Mozilla ical.js; TZIDs resolve only through the file's VTIMEZONEs (it has no tz database)."""

    def value(utc: str | None, raw: str | None) -> dt.datetime | dt.date:
        if utc is not None:
            return dt.datetime.fromisoformat(utc)
        if raw is not None and len(raw) == 10:
            return dt.date.fromisoformat(raw)
        return dt.datetime.fromisoformat(raw)  # floating: _instant rejects it

    events = run_icaljs(data)["events"]
    return _collect(
        (e["uid"], value(e["start_utc"], e["start"]), value(e["end_utc"], e["end"])) for e in events
    )


def all_parsers() -> list[Callable[[bytes], Result]]:
    return [parse_with_icalendar, parse_with_icaljs, parse_with_vobject]
