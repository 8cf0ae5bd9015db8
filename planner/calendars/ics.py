"""The VCALENDAR of one plan, or of a person's active plans, built from rows (no HTTP here).

The download and the feed both come from here, so they carry the same UIDs. Output depends only
on the rows: no "now", no randomness, so two exports of unchanged rows are byte-identical.

That is what lets each night's two events be kept in Django's cache under a digest of every
row they are written from (the night, its plan, rule and regimen) and of the code: a write
by any path changes the digest, so a kept night is never stale, and after a tick only that
night is written again. icalendar takes about 0.3 ms a night, most of it folding lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

import icalendar
from django.core.cache import cache

from planner.calendars import feeds
from planner.calendars.vtimezone import vtimezone
from planner.calendars.words import (
    DISCLAIMER,
    Words,
    apply_text,
    followup_text,
    wash_off_text,
    words_for,
)
from planner.plans.models import AssessmentResult, Plan, Session
from planner.plans.overlaps import on_from, overlapping_nights
from regimens.engine import day_name

# Neutral on purpose: a discreet file must not name the drug anywhere, PRODID and UIDs included.
PRODID = "-//Treatment Planner//Calendar export//EN"
UID_DOMAIN = "treatment-planner"  # never change: calendar apps match events by UID
ALL_PLANS_NAMESPACE = uuid.UUID("6f1c2b0e-5d0a-4c36-9a53-2f1f8f6c1d7e")
ALL_PLANS_NAME = "Skin treatment plans"
REFRESH = dt.timedelta(hours=12)
WASH_OFF_LENGTH = dt.timedelta(minutes=15)
APPLY_ALARM = dt.timedelta(minutes=-15)
# Nights that will not (or did not) happen: left out of a download, cancelled in a feed, no
# alarms. Missed too: "Skip tonight" must not leave a calendar sounding "wash off" at 06:00.
DROPPED = (Session.Status.REST, Session.Status.MISSED, Session.Status.CANCELLED)
ONE_DAY = dt.timedelta(days=1)
OVERLAP_NOTE = (
    "Overlaps another plan's application: both would be on the skin at the same time. Check "
    "with your clinician that both are meant for this night."
)

NIGHT_CACHE_SECONDS = 7 * 24 * 3600

PlanRows = tuple[Plan, Sequence[Session]]


def plan_calendar(plan: Plan, sessions: Sequence[Session], *, keep_cancelled: bool) -> bytes:
    """One plan: the download (keep_cancelled=False) or its feed (keep_cancelled=True)."""
    return _ics(words_for(plan).calendar, plan.public_id, [(plan, sessions)], keep_cancelled)


def plans_calendar(user_id: int, plans: Iterable[PlanRows], *, keep_cancelled: bool) -> bytes:
    """A person's active plans in one calendar (the all-plans feed); the name is always neutral."""
    return _ics(ALL_PLANS_NAME, all_plans_id(user_id), list(plans), keep_cancelled)


def all_plans_id(user_id: int) -> uuid.UUID:
    """Stable identity of a person's all-plans calendar: survives token rotation."""
    return uuid.uuid5(ALL_PLANS_NAMESPACE, f"user:{user_id}")


def event_uid(plan: Plan, kind: str, number: int | None = None) -> str:
    """`kind` is apply, wash-off, follow-up or assessment; deterministic, never random."""
    middle = f"-{number}" if number is not None else ""
    return f"{plan.public_id}{middle}-{kind}@{UID_DOMAIN}"


def _calendar(name: str, identity: uuid.UUID) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")  # a published calendar: no ORGANIZER, no ATTENDEE
    cal.add("UID", str(identity))
    cal.add("X-WR-RELCALID", str(identity))
    # TEXT values: icalendar escapes a str only for the properties it knows the type of.
    cal.add("NAME", icalendar.vText(name))
    cal.add("X-WR-CALNAME", icalendar.vText(name))
    # icalendar's refresh_interval helper drops VALUE=DURATION and a timedelta given to an X-
    # property is written as "12:00:00": pass the types explicitly.
    cal.add("REFRESH-INTERVAL", icalendar.vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    return cal


def _ics(name: str, identity: uuid.UUID, plans: list[PlanRows], keep_cancelled: bool) -> bytes:
    """CRLF line endings and 75-octet folding come from icalendar, for the calendar's own lines
    and for each event's; the events are written between the calendar's VTIMEZONEs and its
    END line, as icalendar would place them."""
    overlaps = overlapping_nights(s for _, sessions in plans for s in sessions)
    events = [
        event
        for plan, sessions in plans
        for event in _plan_events(plan, sessions, keep_cancelled, overlaps)
    ]
    cal = _calendar(name, identity)
    # VTIMEZONEs first: some readers resolve a TZID only against zones already read.
    for timezone in _timezones(set().union(*(tzids for tzids, _ in events)), plans):
        cal.add_component(timezone)
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(ical for _, ical in events) + b"END:VCALENDAR" + end


def _timezones(tzids: set[str], plans: list[PlanRows]) -> list[icalendar.Timezone]:
    """One VTIMEZONE per TZID written, covering every plan with a night in that zone (a changed
    plan's nights may be in the zone it had before)."""
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    for plan, sessions in plans:
        for zone in {plan.timezone} | {s.timezone for s in sessions if s.timezone}:
            first, last = spans.get(zone, (plan.start_date, plan.end_date))
            # The last wash-off falls on the day after the end date.
            spans[zone] = (min(first, plan.start_date), max(last, plan.end_date + ONE_DAY))
    return [vtimezone(tzid, *spans[tzid]) for tzid in sorted(tzids)]


def night_zone(plan: Plan, session: Session) -> ZoneInfo:
    """The zone a night was planned in: it keeps it when the plan's zone changes later."""
    return ZoneInfo(session.timezone) if session.timezone else plan.zone


Written = tuple[set[str], bytes]  # the TZIDs an event or a night's events use, and their lines


def _plan_events(
    plan: Plan, sessions: Sequence[Session], keep_cancelled: bool, overlaps
) -> list[Written]:
    words = words_for(plan)
    shown = [s for s in sessions if keep_cancelled or s.status not in DROPPED]
    nights = _nights(plan, shown, words, len(sessions), overlaps)
    extra = []
    if followup_day := plan.followup_on(sessions):
        extra.append(_followup_event(plan, words, followup_day))
    if assessment_day := plan.assessment_on:
        extra.append(_assessment_event(plan, words, assessment_day))
    return nights + [_written(event) for event in extra]


def _nights(plan: Plan, sessions: list[Session], words: Words, total: int, overlaps):
    """Each night's two events, from the cache where its digest is already there."""
    rule, regimen = feeds.row(plan.rule), feeds.row(plan.rule.regimen)
    common = _digest(
        (feeds.release(), feeds.row(plan), rule, regimen, total)
    )  # once, not per night
    keys = {
        s.pk: "ics-night:" + _digest((common, feeds.row(s), s.pk in overlaps)) for s in sessions
    }
    kept = cache.get_many(keys.values())
    written = {}
    for s in sessions:
        if keys[s.pk] not in kept:
            apply = _apply_event(plan, s, words, total, s.pk in overlaps)
            written[keys[s.pk]] = _written(apply, _wash_off_event(plan, s, words))
    cache.set_many(written, timeout=NIGHT_CACHE_SECONDS)
    return [kept.get(keys[s.pk]) or written[keys[s.pk]] for s in sessions]


def _written(*events: icalendar.Event) -> Written:
    tzids = {tzid for event in events for tzid in _tzids(event)}
    return tzids, b"".join(event.to_ical() for event in events)


def _tzids(event: icalendar.Event) -> set[str]:
    return {
        str(event[name].params["TZID"])
        for name in ("DTSTART", "DTEND")
        if "TZID" in event[name].params
    }


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _apply_event(
    plan: Plan, session: Session, words: Words, total: int, overlapping: bool
) -> icalendar.Event:
    # DTEND, never DURATION: several readers add a DURATION as wall-clock time across a change.
    # From when the cream went on (a night done early or late) to its wash-off.
    event = _session_event(plan, session, "apply", on_from(session), session.wash_off_at)
    text = apply_text(plan, session, words, total)
    event.add("SUMMARY", f"{words.apply} (overlaps another plan)" if overlapping else words.apply)
    event.add("DESCRIPTION", f"{OVERLAP_NOTE}\n\n{text}" if overlapping else text)
    return _alarmed(event, session, words.apply, APPLY_ALARM)


def _wash_off_event(plan: Plan, session: Session, words: Words) -> icalendar.Event:
    end = session.wash_off_at + WASH_OFF_LENGTH
    event = _session_event(plan, session, "wash-off", session.wash_off_at, end)
    event.add("SUMMARY", words.wash_off)
    event.add("DESCRIPTION", wash_off_text(plan, session, words))
    # At the start, not relative to the end: some clients drop RELATED=END alarms.
    return _alarmed(event, session, words.wash_off, dt.timedelta(0))


def _session_event(
    plan: Plan, session: Session, kind: str, start: dt.datetime, end: dt.datetime
) -> icalendar.Event:
    event = _event(event_uid(plan, kind, session.number), max(session.updated_at, plan.updated_at))
    wall = _wall_times(night_zone(plan, session), start, end)
    for name, value in zip(("DTSTART", "DTEND"), wall, strict=True):
        event.add(name, value)
    cancelled = session.status in DROPPED
    event.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("SEQUENCE", session.sequence)
    return event


def _followup_event(plan: Plan, words: Words, day: dt.date) -> icalendar.Event:
    """An all-day reminder after the course, marked educational: it is not an appointment."""
    event = _event(event_uid(plan, "follow-up"), plan.updated_at)
    event.add("DTSTART", day)
    event.add("DTEND", day + ONE_DAY)
    event.add("STATUS", "CONFIRMED")
    event.add("SEQUENCE", 0)
    event.add("SUMMARY", words.followup)
    event.add("DESCRIPTION", followup_text(plan, words))
    event.add("CATEGORIES", ["Educational"])
    return event


def _assessment_event(plan: Plan, words: Words, day: dt.date) -> icalendar.Event:
    """An all-day event on the assessment date after the first course; once the result is
    recorded it says what it was (and its SEQUENCE goes up)."""
    event = _event(event_uid(plan, "assessment"), plan.updated_at)
    event.add("DTSTART", day)
    event.add("DTEND", day + ONE_DAY)
    event.add("STATUS", "CONFIRMED")
    event.add("SEQUENCE", 1 if plan.assessment_result else 0)
    # "Apply Aldara 5% (left cheek)" -> "Assessment: Aldara 5% (left cheek)"; a discreet plan's
    # "Skin treatment" stays as neutral.
    event.add("SUMMARY", f"Assessment: {words.apply.removeprefix('Apply ')}")
    event.add("DESCRIPTION", _assessment_text(plan))
    return event


def _assessment_text(plan: Plan) -> str:
    rule = plan.rule
    if plan.assessment_result == AssessmentResult.CLEARED:
        on = day_name(plan.assessed_on, year=True)
        what = f"Recorded on {on}: cleared. The treatment is over."
    elif plan.second_course:
        on, end = day_name(plan.assessed_on, year=True), day_name(plan.end_date, year=True)
        what = f"Recorded on {on}: not cleared. The second course runs to {end}."
    else:
        what = (
            f"After {rule.assessment_weeks_off} weeks without treatment, check with your "
            "clinician whether the treated area has cleared, then record the result on the "
            "plan page: cleared ends the plan; not cleared adds one more course of "
            f"{rule.repeat_course_weeks} weeks from that day."
        )
    return f"{what}\n\n{DISCLAIMER}"


def _event(uid: str, changed: dt.datetime) -> icalendar.Event:
    """The properties every event shares; DTSTAMP is when the row changed, not "now"."""
    event = icalendar.Event()
    event.add("UID", uid)
    event.add("DTSTAMP", changed.astimezone(dt.UTC))
    event.add("LAST-MODIFIED", changed.astimezone(dt.UTC))
    event.add("TRANSP", "TRANSPARENT")  # never blocks the person's free/busy time
    event.add("CLASS", "PRIVATE")
    return event


def _alarmed(
    event: icalendar.Event, session: Session, text: str, trigger: dt.timedelta
) -> icalendar.Event:
    if session.status in DROPPED:
        return event  # no reminder for an application that will not happen
    alarm = icalendar.Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", text)
    # vDuration writes zero as "P0D"; "PT0S" is the spelling every client is tested with.
    alarm.add("TRIGGER", trigger or icalendar.prop.vInline("PT0S"))
    event.add_component(alarm)
    return event


def _wall_times(zone: dt.tzinfo, *instants: dt.datetime) -> list[dt.datetime]:
    """Local times in the plan's zone (written with its TZID), or all in UTC when one of them is a
    wall time that happens twice: readers take a repeated local time as its first occurrence, and
    some misread an event whose start and end are in different zones."""
    local = [instant.astimezone(zone) for instant in instants]
    if any(t.replace(fold=1 - t.fold).utcoffset() != t.utcoffset() for t in local):
        return [instant.astimezone(dt.UTC) for instant in instants]
    return local
