"""planner.calendars.vtimezone: its shape, its RFC 5545 meaning, and what 3 real parsers read."""

import datetime as dt
import functools
import itertools
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icsparsers import (
    all_parsers,
    parse_with_icalendar,
    parse_with_icaljs,
    parse_with_vobject,
    require_icaljs,
)
from planner.calendars.vtimezone import transitions, vtimezone

UTC = dt.UTC
DST_ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Pacific/Auckland",
]
FIXED_ZONES = ["Asia/Kolkata", "Asia/Tehran", "UTC"]
ZONES = DST_ZONES + FIXED_ZONES
# Windows no pair of yearly rules covers: Chile's "Sun>=2" is the 2nd Sunday in Apr 2029, Morocco
# follows Ramadan, Indiana's first DST (2006) starts after this window does. They must fall back to
# one component per change.
FALLBACK_CASES = [
    ("America/Santiago", dt.date(2028, 6, 1), dt.date(2028, 12, 31)),
    ("Africa/Casablanca", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ("America/Indiana/Indianapolis", dt.date(2005, 6, 1), dt.date(2005, 12, 31)),
]
FIRST, LAST = dt.date(2026, 1, 1), dt.date(2027, 12, 31)
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)


def _clean_wall(wall: dt.datetime) -> bool:
    """Wall time exists and is unambiguous (parsers disagree on the others, see ical.js)."""
    a, b = wall.replace(fold=0), wall.replace(fold=1)
    return a.utcoffset() == b.utcoffset() and a.astimezone(UTC).astimezone(wall.tzinfo) == a


def _calendar(zones: dict[str, tuple[dt.date, dt.date]], events) -> bytes:
    """VCALENDAR with a VTIMEZONE per zone and events given as (uid, start, end) aware datetimes."""
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//Imiquimod Planner//tests//EN")
    for zone, (first, last) in zones.items():
        cal.add_component(vtimezone(zone, first, last))
    for uid, start, end in events:
        ev = icalendar.Event()
        ev.add("UID", uid)
        ev.add("DTSTAMP", STAMP)
        ev.add("DTSTART", start)  # ZoneInfo-aware: written as TZID=<zone>:<wall time>
        ev.add("DTEND", end)
        cal.add_component(ev)
    return cal.to_ical()


def _rfc_offsets(vtz: icalendar.Timezone):
    """Offset at a UTC instant as RFC 5545 defines it: the TZOFFSETTO of the latest onset, each
    onset (DTSTART, RRULE, RDATE) being a wall time in its TZOFFSETFROM. None before any onset."""
    onsets = []
    for comp in vtz.walk():
        if comp.name not in ("STANDARD", "DAYLIGHT"):
            continue
        start, frm, to = comp["DTSTART"].dt, comp["TZOFFSETFROM"].td, comp["TZOFFSETTO"].td
        walls = [start]
        if "RRULE" in comp:
            rule = rrulestr(comp["RRULE"].to_ical().decode(), dtstart=start)
            walls = rule.between(start, dt.datetime(2100, 1, 1), inc=True)
        rdates = comp.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            walls += [d.dt for d in rdate.dts]
        onsets += [((w - frm).replace(tzinfo=UTC), to) for w in walls]
    onsets.sort()

    def offset_at(instant: dt.datetime) -> dt.timedelta | None:
        found = [to for at, to in onsets if at <= instant]
        return found[-1] if found else None

    return offset_at


def _probes(zone: str, first: dt.date, last: dt.date, every: int = 7) -> list[dt.datetime]:
    """UTC instants every `every` hours over the window, plus each side of every transition."""
    start = dt.datetime.combine(first, dt.time(), ZoneInfo(zone)).astimezone(UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), ZoneInfo(zone))
    hours = int((end.astimezone(UTC) - start) / dt.timedelta(hours=1))
    probes = [start + dt.timedelta(hours=h) for h in range(0, hours, every)]
    for t in transitions(zone, start, end.astimezone(UTC)):
        probes += [t.utc - dt.timedelta(seconds=1), t.utc, t.utc + dt.timedelta(minutes=59)]
    return probes


def _assert_rfc_meaning(zone: str, vtz: icalendar.Timezone, first: dt.date, last: dt.date):
    offset_at = _rfc_offsets(icalendar.Timezone.from_ical(vtz.to_ical()))
    for p in _probes(zone, first, last):
        assert offset_at(p) == p.astimezone(ZoneInfo(zone)).utcoffset(), (zone, p)


def _assert_no_multivalue_rdate(vtz: icalendar.Timezone):
    for line in vtz.to_ical().decode().splitlines():
        assert not (line.startswith("RDATE") and "," in line), line


@pytest.mark.parametrize("zone", ["Africa/Casablanca", "Australia/Lord_Howe", "America/Santiago"])
def test_transitions_are_complete_and_exact_to_the_second(zone):
    """Against an hourly scan of a year (Morocco's Ramadan changes are ~5 weeks apart)."""
    tz, start = ZoneInfo(zone), dt.datetime(2026, 1, 1, tzinfo=UTC)
    hours = [start + dt.timedelta(hours=h) for h in range(24 * 365)]
    offsets = [h.astimezone(tz).utcoffset() for h in hours]
    changes = sum(a != b for a, b in itertools.pairwise(offsets))
    found = transitions(zone, start, hours[-1])
    assert len(found) == changes > 0
    for t in found:
        assert (t.utc - dt.timedelta(seconds=1)).astimezone(tz).utcoffset() == t.offset_from
        assert t.utc.astimezone(tz).utcoffset() == t.offset_to


# -- shape --------------------------------------------------------------------------------

# zone: {observance: (BYMONTH, BYDAY, DTSTART wall time in TZOFFSETFROM, TZOFFSETFROM, TO)}
EXPECTED_RULES = {
    "Europe/London": {
        "DAYLIGHT": (3, "-1SU", dt.time(1), "+0000", "+0100"),
        "STANDARD": (10, "-1SU", dt.time(2), "+0100", "+0000"),
    },
    "America/New_York": {
        "DAYLIGHT": (3, "2SU", dt.time(2), "-0500", "-0400"),
        "STANDARD": (11, "1SU", dt.time(2), "-0400", "-0500"),
    },
    "Australia/Sydney": {
        "DAYLIGHT": (10, "1SU", dt.time(2), "+1000", "+1100"),
        "STANDARD": (4, "1SU", dt.time(3), "+1100", "+1000"),
    },
    "Australia/Lord_Howe": {
        "DAYLIGHT": (10, "1SU", dt.time(2), "+1030", "+1100"),
        "STANDARD": (4, "1SU", dt.time(2), "+1100", "+1030"),
    },
    "America/Santiago": {  # 24:00 Saturday local = 00:00 Sunday in TZOFFSETFROM time
        "DAYLIGHT": (9, "1SU", dt.time(0), "-0400", "-0300"),
        "STANDARD": (4, "1SU", dt.time(0), "-0300", "-0400"),
    },
    "Pacific/Auckland": {
        "DAYLIGHT": (9, "-1SU", dt.time(2), "+1200", "+1300"),
        "STANDARD": (4, "1SU", dt.time(3), "+1300", "+1200"),
    },
}


@pytest.mark.parametrize("zone", DST_ZONES)
def test_dst_zone_is_one_standard_and_one_daylight_rule(zone):
    vtz = icalendar.Timezone.from_ical(vtimezone(zone, FIRST, LAST).to_ical())  # as read back
    assert vtz["TZID"] == zone
    assert sorted(c.name for c in vtz.subcomponents) == ["DAYLIGHT", "STANDARD"]
    for comp in vtz.subcomponents:
        month, byday, wall, frm, to = EXPECTED_RULES[zone][comp.name]
        rule = comp["RRULE"]
        assert (rule["FREQ"], rule["BYMONTH"], rule["BYDAY"]) == (["YEARLY"], [month], [byday])
        assert comp["DTSTART"].dt.time() == wall
        assert comp["DTSTART"].dt.date() <= FIRST  # in force from the first day of the plan
        assert (comp["TZOFFSETFROM"].to_ical(), comp["TZOFFSETTO"].to_ical()) == (frm, to)
        assert comp["TZNAME"]
        assert "RDATE" not in comp
    _assert_rfc_meaning(zone, vtz, FIRST, LAST)


@pytest.mark.parametrize("zone", FIXED_ZONES)
def test_fixed_zone_is_one_standard_since_1970(zone):
    vtz = vtimezone(zone, FIRST, LAST)
    [std] = vtz.subcomponents
    offset = dt.datetime(2026, 6, 1, tzinfo=ZoneInfo(zone)).utcoffset()
    assert std.name == "STANDARD"
    assert std["DTSTART"].dt == dt.datetime(1970, 1, 1)
    assert std["TZOFFSETFROM"].td == std["TZOFFSETTO"].td == offset
    assert std["TZNAME"] == dt.datetime(2026, 6, 1, tzinfo=ZoneInfo(zone)).tzname()


def test_last_weekday_wins_when_fourth_also_fits_the_window():
    """Every March onset London's window (2027-05..2029-07) sees is on the 4th Sunday, which is
    also the last; zoneinfo's later years (31 Mar 2030) decide for BYDAY=-1SU."""
    vtz = vtimezone("Europe/London", dt.date(2028, 6, 1), dt.date(2028, 6, 30))
    [daylight] = [c for c in vtz.subcomponents if c.name == "DAYLIGHT"]
    assert daylight["RRULE"]["BYDAY"] == "-1SU"


@pytest.mark.parametrize(("zone", "first", "last"), FALLBACK_CASES)
def test_irregular_rules_fall_back_to_one_component_per_change(zone, first, last):
    vtz = vtimezone(zone, first, last)
    assert len(vtz.subcomponents) > 2
    for comp in vtz.subcomponents:
        assert "RRULE" not in comp and "RDATE" not in comp
    _assert_rfc_meaning(zone, vtz, first, last)


# -- three parsers ---------------------------------------------------------------------------


def _change_dates(zone: str, years: range) -> list[dt.date]:
    """Local dates on which the offset at local noon differs from the day before."""
    day, end, out = dt.date(years.start, 1, 1), dt.date(years.stop, 1, 1), []
    while day < end:
        noon = dt.datetime.combine(day, dt.time(12), ZoneInfo(zone))
        if noon.utcoffset() != (noon - dt.timedelta(days=1)).utcoffset():
            out.append(day)
        day += dt.timedelta(days=1)
    return out


@functools.cache
def _nights_calendar(zone: str) -> tuple[bytes, dict]:
    """22:00 local starts, 8 h elapsed, on the nights around every change of 2026 and 2027
    (London's change dates for the fixed zones)."""
    tz = ZoneInfo(zone)
    changes = _change_dates(zone, range(2026, 2028)) or _change_dates(
        "Europe/London", range(2026, 2028)
    )
    events, want = [], {}
    for change in changes:
        for delta in (-2, -1, 0, 1):
            start = dt.datetime.combine(change + dt.timedelta(days=delta), dt.time(22), tz)
            end = (start.astimezone(UTC) + dt.timedelta(hours=8)).astimezone(tz)
            assert _clean_wall(start) and _clean_wall(end)
            uid = f"{start:%Y%m%d}@{zone}"
            events.append((uid, start, end))
            want[uid] = (start.astimezone(UTC), start.astimezone(UTC) + dt.timedelta(hours=8))
    return _calendar({zone: (FIRST, LAST)}, events), want


@pytest.mark.parametrize("parser", all_parsers(), ids=lambda p: p.__name__)
@pytest.mark.parametrize("zone", ZONES)
def test_parsers_read_zoneinfo_instants_around_every_change(zone, parser):
    data, want = _nights_calendar(zone)
    assert parser(data) == want


def test_fallback_vtimezones_read_right_by_icaljs_and_vobject():
    events, want = [], {}
    for zone, first, last in FALLBACK_CASES:
        tz = ZoneInfo(zone)
        for i, p in enumerate(_probes(zone, first, last, every=47)):
            start = p.replace(second=0).astimezone(tz)
            end = (p.replace(second=0) + dt.timedelta(minutes=30)).astimezone(tz)
            if _clean_wall(start) and _clean_wall(end):
                events.append((f"{i}@{zone}", start, end))
                want[f"{i}@{zone}"] = (start.astimezone(UTC), end.astimezone(UTC))
    data = _calendar({zone: (first, last) for zone, first, last in FALLBACK_CASES}, events)
    assert parse_with_vobject(data) == want
    assert parse_with_icaljs(data) == want


def test_vobject_and_icaljs_read_the_file_vtimezone_not_the_name():
    """A deliberately false VTIMEZONE (London at +05:00 all year): the two readers that claim to
    use the file must follow it; icalendar looks the name up itself."""
    start = dt.datetime(2026, 7, 1, 22, tzinfo=ZoneInfo("Europe/London"))
    data = _calendar({}, [("u", start, start + dt.timedelta(hours=1))]).replace(
        b"BEGIN:VEVENT",
        b"BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        b"TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nTZNAME:FAKE\r\nEND:STANDARD\r\n"
        b"END:VTIMEZONE\r\nBEGIN:VEVENT",
    )
    fake = dt.datetime(2026, 7, 1, 17, tzinfo=UTC)
    assert parse_with_vobject(data)["u"][0] == fake
    assert parse_with_icaljs(data)["u"][0] == fake
    assert parse_with_icalendar(data)["u"][0] == start.astimezone(UTC)


@pytest.fixture(scope="module")
def icaljs():
    """Checked once, outside Hypothesis, so a missing harness is not shrunk as a failure."""
    require_icaljs()


# -- random windows through ical.js ------------------------------------------------------------

windows = st.tuples(
    st.sampled_from(ZONES),
    st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 400),
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(windows, min_size=1, max_size=len(ZONES), unique_by=lambda w: w[0]),
    st.lists(st.floats(0, 1), min_size=3, max_size=12),
)
def test_random_windows_read_by_icaljs_match_zoneinfo(icaljs, cases, fractions):
    """One file (one node run) per example, with every zone it draws; starts at random instants
    of the window and on each side of every transition in it."""
    zones, events, want = {}, [], {}
    for zone, first, days in cases:
        last = min(first + dt.timedelta(days=days), dt.date(2030, 12, 31))
        zones[zone] = (first, last)
        _assert_rfc_meaning(zone, vtimezone(zone, first, last), first, last)
        tz = ZoneInfo(zone)
        lo = dt.datetime.combine(first, dt.time(), tz).astimezone(UTC)
        hi = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz).astimezone(UTC)
        instants = [lo + (hi - lo) * f for f in fractions]
        for t in transitions(zone, lo, hi):
            instants += [t.utc + dt.timedelta(minutes=m) for m in (-61, -1, 0, 1, 61, 121)]
        for i, p in enumerate(instants):
            start = p.replace(second=0, microsecond=0).astimezone(tz)
            end = (start.astimezone(UTC) + dt.timedelta(minutes=1)).astimezone(tz)
            if _clean_wall(start) and _clean_wall(end):
                events.append((f"{i}@{zone}", start, end))
                want[f"{i}@{zone}"] = (start.astimezone(UTC), end.astimezone(UTC))
    data = _calendar(zones, events)
    assert parse_with_icaljs(data) == want
    assert parse_with_vobject(data) == want
