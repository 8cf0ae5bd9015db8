"""Plans in three zones, each across a clock change, and what the pages must show of their
times: the engine's instants read in the plan's zone, whatever zone the server or the browser
is in. Shared by tests/planner/test_times_in_pages.py (test client) and
tests/browser/test_times_shown.py (Chromium).

Every time a page shows is a <time datetime> element written by planner/templatetags/clock.py.
Each one is checked three ways: its instant is one the engine gave this plan, its offset is the
plan zone's at that instant, and its text is that instant's wall time there. Text that looks
like a time outside a <time> element fails too, so a time written another way is noticed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from factories import approved_rule, make_plan
from planner.plans import services
from planner.plans.models import Plan
from regimens import engine

WEEKDAYS = ("wed", "sat")
AT = dt.time(21, 30)
DONE_AT = dt.time(22, 47)  # the first night, recorded as applied later than planned
HOURS = 8
LOOKS_LIKE_A_TIME = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b")
NOT_SHOWN = {"script", "style", "template"}


@dataclass(frozen=True)
class Scenario:
    """A Wed/Sat plan at 21:30 whose Saturday night is on the skin across a clock change, seen
    at 19:00 (plan time) on the Wednesday before: one night done late, one not recorded, and
    tonight's to come."""

    zone: str
    start: dt.date  # a Monday, two weeks before `now`
    now: dt.datetime
    change: str  # what the clock does that Saturday night

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    @property
    def month(self) -> tuple[int, int]:
        return self.now.year, self.now.month

    def __str__(self) -> str:
        return self.zone


def _at_seven(zone: str, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(19), tzinfo=ZoneInfo(zone))


SCENARIOS = [
    # Spring forward on Sun 8 Mar 2026: 19:00 on Wed 4 Mar is already Thursday in UTC.
    Scenario(
        "America/New_York",
        dt.date(2026, 2, 23),
        _at_seven("America/New_York", dt.date(2026, 3, 4)),
        "EST to EDT",
    ),
    # Fall back on Sun 25 Oct 2026.
    Scenario(
        "Europe/London",
        dt.date(2026, 10, 12),
        _at_seven("Europe/London", dt.date(2026, 10, 21)),
        "BST to GMT",
    ),
    # A half-hour offset that falls back by half an hour on Sun 5 Apr 2026.
    Scenario(
        "Australia/Lord_Howe",
        dt.date(2026, 3, 23),
        _at_seven("Australia/Lord_Howe", dt.date(2026, 4, 1)),
        "+11:00 to +10:30",
    ),
]


def make_scenario_plan(user, scenario: Scenario) -> Plan:
    """The plan, made as the app makes it; call it with the clock at `scenario.now`."""
    plan = make_plan(
        user,
        start_date=scenario.start,
        weekdays=WEEKDAYS,
        application_time=AT,
        timezone=scenario.zone,
        contact_hours=HOURS,
    )
    first = plan.sessions.get(number=1)
    done_at = dt.datetime.combine(first.date, DONE_AT, tzinfo=scenario.tz)
    services.session_mark(session=first, status="done", done_at=done_at)
    return plan


def engine_schedule(scenario: Scenario, start: dt.date | None = None) -> engine.Schedule:
    inputs = engine.PlanInputs(start or scenario.start, WEEKDAYS, AT, scenario.zone, HOURS)
    return engine.build_schedule(approved_rule().spec(), inputs)


@dataclass(frozen=True)
class Night:
    number: int
    date: dt.date
    apply_at: dt.datetime
    wash_off_at: dt.datetime
    done_at: dt.datetime | None = None


def expected_nights(plan: Plan, scenario: Scenario) -> list[Night]:
    """The engine's nights; a night recorded as done washes off the contact hours after the
    recorded time (engine.wash_off_at), as the calendars say too."""
    done = {s.number: s.done_at.astimezone(scenario.tz) for s in plan.sessions.all() if s.done_at}
    nights = []
    for s in engine_schedule(scenario).sessions:
        wash = engine.wash_off_at(done[s.number], HOURS) if s.number in done else s.wash_off_at
        nights.append(Night(s.number, s.date, s.apply_at, wash, done.get(s.number)))
    return nights


def crossing(nights: list[Night]) -> Night:
    """The night on the skin while the clock changes (a guard: each scenario has one)."""
    [night] = [n for n in nights if n.apply_at.utcoffset() != n.wash_off_at.utcoffset()]
    return night


def instants(nights) -> set[dt.datetime]:
    """Every instant these nights may show: application, wash-off, and the recorded time."""
    found = set()
    for night in nights:
        found |= {night.apply_at, night.wash_off_at} | ({night.done_at} - {None})
    return found


def allowed_times(plan: Plan, nights) -> set[dt.datetime]:
    """What the plan's pages may show: its nights' instants, and when each change to the plan
    was recorded (its history)."""
    return instants(nights) | {event.at for event in plan.events.all()}


def wall_texts(instant: dt.datetime, zone: ZoneInfo) -> set[str]:
    """How the pages may write an instant in `zone`: 21:30, Wed 4 Mar, 21:30 or Wed 21:30 (the
    clock filters), or 4 Mar 2026, 21:30 (a change in the history)."""
    local = instant.astimezone(zone)
    hm = f"{local:%H:%M}"
    day = f"{local:%a} {local.day} {local:%b}"
    return {hm, f"{day}, {hm}", f"{local:%a} {hm}", f"{local.day} {local:%b %Y}, {hm}"}


def check_time(attribute: str, text: str, zone: ZoneInfo, allowed: set[dt.datetime]):
    """One <time>: its instant is the engine's, its offset and its text the plan zone's."""
    shown = dt.datetime.fromisoformat(attribute)
    assert shown.tzinfo is not None, f"{attribute!r} has no offset"
    matches = [i for i in allowed if i.replace(microsecond=0) == shown]  # seconds when any
    assert matches, f"{attribute} ({text!r}) is none of the engine's times for this plan"
    local = matches[0].astimezone(zone)
    assert shown.utcoffset() == local.utcoffset(), f"{attribute}: not the offset of {zone.key}"
    assert text.strip() in wall_texts(local, zone), f"{text!r} is not {local} in {zone.key}"
    return matches[0]


def check_times(times, loose_text: str, zone: ZoneInfo, allowed, required) -> None:
    """All of a page's <time> elements ((datetime, text) pairs) and its other text."""
    seen = {check_time(attribute, text, zone, allowed) for attribute, text in times}
    missing = sorted(i.astimezone(zone) for i in set(required) - seen)
    assert not missing, f"not shown: {[f'{i:%a %d %b %H:%M %z}' for i in missing]}"
    stray = LOOKS_LIKE_A_TIME.findall(loose_text)
    assert not stray, f"times written outside <time>: {stray} in {loose_text!r:.300}"


class TimesParser(HTMLParser):
    """Collects the <time> elements of a page and the text shown outside them."""

    def __init__(self):
        super().__init__()
        self.times: list[tuple[str, str]] = []
        self.loose: list[str] = []
        self._hidden = 0
        self._time: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in NOT_SHOWN:
            self._hidden += 1
        elif tag == "time":
            self._time = [dict(attrs).get("datetime") or ""]

    def handle_endtag(self, tag):
        if tag in NOT_SHOWN:
            self._hidden -= 1
        elif tag == "time" and self._time is not None:
            attribute, *text = self._time
            self.times.append((attribute, "".join(text)))
            self._time = None

    def handle_data(self, data):
        if self._hidden:
            return
        (self._time if self._time is not None else self.loose).append(data)


def parse_times(html: str) -> tuple[list[tuple[str, str]], str]:
    parser = TimesParser()
    parser.feed(html)
    parser.close()
    return parser.times, " ".join(parser.loose)


def plan_form_data(scenario: Scenario) -> dict:
    """The plan form as a person fills it for the same plan starting tonight, to preview."""
    return {
        "regimen": "aldara-ak",
        "start_date": scenario.now.date().isoformat(),
        "weekdays": list(WEEKDAYS),
        "application_time": AT.strftime("%H:%M"),
        "timezone": scenario.zone,
        "contact_hours": str(HOURS),
        "label": "",
        "preview": "1",
    }
