"""What is in the file: the rules of issue 4, checked on the builder's output."""

import datetime as dt
import re

import icalendar
import pytest
import time_machine

from factories import make_plan
from planner.calendars.ics import (
    ALL_PLANS_NAME,
    all_plans_id,
    event_uid,
    plan_calendar,
    plans_calendar,
)
from planner.plans import services
from planner.plans.models import Session
from regimens.models import RuleVersion

pytestmark = pytest.mark.usefixtures("catalogue")
MADE = dt.datetime(2026, 2, 20, 9, 30, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


def export(plan, keep_cancelled=True) -> bytes:
    return plan_calendar(plan, list(plan.sessions.all()), keep_cancelled=keep_cancelled)


def unfold(data: bytes) -> str:
    return data.decode().replace("\r\n ", "")


def lines(data: bytes) -> list[str]:
    return unfold(data).split("\r\n")


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_it_writes_the_calendar_properties_exactly(owner):
    plan = make_plan(owner)
    text = lines(export(plan))
    for line in (
        "VERSION:2.0",
        "METHOD:PUBLISH",
        f"UID:{plan.public_id}",
        f"X-WR-RELCALID:{plan.public_id}",
        "NAME:Aldara 5%: Actinic keratosis · left cheek",
        "X-WR-CALNAME:Aldara 5%: Actinic keratosis · left cheek",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ):
        assert line in text
    assert any(line.startswith("PRODID:") for line in text)
    assert not [line for line in text if line.startswith(("ORGANIZER", "ATTENDEE"))]


def test_the_calendar_s_name_escapes_what_rfc_5545_text_escapes(owner):
    """NAME and X-WR-CALNAME are TEXT: a bare comma or semicolon splits the value, and a
    backslash before n reads as a line break."""
    plan = make_plan(owner, label=r"Face, left; C:\new")
    text = lines(export(plan))
    named = r"Aldara 5%: Actinic keratosis · Face\, left\; C:\\new"
    assert f"NAME:{named}" in text and f"X-WR-CALNAME:{named}" in text


def test_lines_end_in_crlf_and_are_folded_at_75_octets(owner):
    data = export(make_plan(owner))
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert b"\r\n " in data  # the long descriptions really were folded


def test_each_application_is_one_event_with_an_explicit_end_and_an_alarm(owner):
    plan = make_plan(owner)
    data = export(plan)
    found = events(data)
    for s in plan.sessions.all():
        event = found[event_uid(plan, "apply", s.number)]
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event["DTEND"].dt.astimezone(dt.UTC) == s.wash_off_at
        assert "DURATION" not in event and "RRULE" not in event
        assert (event["STATUS"], event["TRANSP"]) == ("CONFIRMED", "TRANSPARENT")
        assert "Wash the treatment area" in event["DESCRIPTION"]
        assert "not medical advice" in event["DESCRIPTION"]
        [alarm] = event.walk("VALARM")
        assert (alarm["ACTION"], str(alarm["DESCRIPTION"])) == ("DISPLAY", str(event["SUMMARY"]))
    assert not [line for line in lines(data) if line.startswith("DURATION")]
    assert lines(data).count("TRIGGER:-PT15M") == plan.sessions.count()


def test_each_wash_off_is_a_short_event_with_its_own_alarm_at_its_start(owner):
    plan = make_plan(owner)
    data = export(plan)
    found = events(data)
    for s in plan.sessions.all():
        event = found[event_uid(plan, "wash-off", s.number)]
        assert event["DTSTART"].dt == s.wash_off_at
        assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(minutes=15)
        assert event["TRANSP"] == "TRANSPARENT"
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY" and alarm["DESCRIPTION"]
    assert lines(data).count("TRIGGER:PT0S") == plan.sessions.count()
    assert "RELATED=END" not in unfold(data)


def test_there_is_one_vtimezone_for_every_tzid_used_and_it_comes_first(owner):
    london = make_plan(owner)
    sydney = make_plan(owner, "aldara-sbcc", weekdays=(), timezone="Australia/Sydney")
    rows = [(p, list(p.sessions.all())) for p in (london, sydney)]
    data = plans_calendar(owner.pk, rows, keep_cancelled=True)
    cal = icalendar.Calendar.from_ical(data)
    zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert sorted(zones) == sorted(cal.get_used_tzids()) == ["Australia/Sydney", "Europe/London"]
    text = unfold(data)
    assert text.rindex("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_the_vtimezone_has_one_standard_and_one_daylight_with_yearly_rules(owner):
    cal = icalendar.Calendar.from_ical(export(make_plan(owner)))
    [zone] = cal.walk("VTIMEZONE")
    assert sorted(c.name for c in zone.subcomponents) == ["DAYLIGHT", "STANDARD"]
    assert all(c["RRULE"]["FREQ"] == ["YEARLY"] for c in zone.subcomponents)


def test_uids_are_deterministic_and_unchanged_across_two_exports(owner):
    plan = make_plan(owner)
    first, second = export(plan), export(plan)
    assert first == second
    uids = set(events(first))
    assert uids == set(events(second))
    assert f"{plan.public_id}-1-apply@treatment-planner" in uids
    assert f"{plan.public_id}-1-wash-off@treatment-planner" in uids
    assert len(uids) == 2 * plan.sessions.count() + 1  # and the follow-up


def test_dtstamp_and_last_modified_are_when_the_row_changed_not_now(owner):
    with time_machine.travel(MADE, tick=False):
        plan = make_plan(owner)
    with time_machine.travel(LATER, tick=False):
        services.session_mark(session=plan.sessions.get(number=3), status="rest")
        data = export(plan)
    found = events(data)
    untouched = found[event_uid(plan, "apply", 1)]
    assert untouched["DTSTAMP"].dt == untouched["LAST-MODIFIED"].dt == MADE
    assert found[event_uid(plan, "apply", 3)]["LAST-MODIFIED"].dt == LATER


@pytest.mark.parametrize("minutes", [-150, 75])  # applied 19:30 (early) or 23:15 (late)
def test_a_night_done_at_another_time_is_on_the_skin_from_then(owner, minutes):
    """The application's event spans the cream's time on the skin: from when it went on to its
    wash-off, 8 elapsed hours, not from the planned 22:00 to a wash-off counted from the
    actual time (5.5 or 9.25 hours)."""
    plan = make_plan(owner)  # Mon+Thu at 22:00, London
    night = plan.sessions.get(number=1)
    applied = night.apply_at + dt.timedelta(minutes=minutes)
    with time_machine.travel(applied + dt.timedelta(minutes=5), tick=False):
        services.session_mark(session=night, status="done", done_at=applied)
    event = events(export(plan))[event_uid(plan, "apply", 1)]
    assert event["DTSTART"].dt.astimezone(dt.UTC) == applied
    assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(hours=8)


def test_marking_a_rest_raises_sequence_and_cancels_in_the_feed_only(owner):
    plan = make_plan(owner)
    before = events(export(plan))[event_uid(plan, "apply", 3)]["SEQUENCE"]
    services.session_mark(session=plan.sessions.get(number=3), status="rest")
    feed = events(export(plan, keep_cancelled=True))
    for kind in ("apply", "wash-off"):
        event = feed[event_uid(plan, kind, 3)]
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] > before
        assert not event.walk("VALARM")
    download = events(export(plan, keep_cancelled=False))
    assert event_uid(plan, "apply", 3) not in download
    assert event_uid(plan, "apply", 4) in download


def test_an_ended_plan_keeps_its_cancelled_sessions_in_the_feed(owner):
    plan = make_plan(owner)
    cancelled = services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 4, 1))
    statuses = [str(e["STATUS"]) for e in events(export(plan)).values()]
    assert statuses.count("CANCELLED") == 2 * cancelled
    assert cancelled == plan.sessions.filter(status=Session.Status.CANCELLED).count() > 0


def test_a_follow_up_after_the_course_is_marked_educational(owner):
    plan = make_plan(owner)  # aldara-ak: 56 days after the last application, Thu 18 June
    event = events(export(plan))[event_uid(plan, "follow-up")]
    assert event["DTSTART"].dt == dt.date(2026, 6, 18) + dt.timedelta(days=56)
    assert "(educational)" in event["SUMMARY"]
    assert event["CATEGORIES"].cats == ["Educational"]
    assert "8 weeks after the last application" in event["DESCRIPTION"]
    assert "[1]" not in event["DESCRIPTION"]


def test_a_stopped_plan_s_follow_up_counts_from_its_last_application(owner):
    """Stopped on Wed 1 April: 8 weeks after the course's planned end would be some 11 weeks
    too late; the last application before the stop was Mon 30 March."""
    plan = make_plan(owner)
    services.plan_end(plan=plan, status="stopped", today=dt.date(2026, 4, 1))
    event = events(export(plan))[event_uid(plan, "follow-up")]
    assert event["DTSTART"].dt == dt.date(2026, 3, 30) + dt.timedelta(days=56)


def test_a_rule_without_a_follow_up_gets_none(owner):
    plan = make_plan(owner, "aldara-egw")
    assert event_uid(plan, "follow-up") not in events(export(plan))


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def forbidden_words(rule: RuleVersion) -> set[str]:
    words = {"imiquimod", "aldara", "zyclara", "wart", "keratosis", "carcinoma", "actinic", "bcc"}
    words |= {rule.product.lower(), rule.get_indication_display().lower()}
    return words | {rule.indication_label.lower(), rule.indication.lower()}


@pytest.mark.parametrize(
    "slug", ["aldara-ak", "aldara-sbcc", "aldara-egw", "zyclara-ak-3-75", "zyclara-egw"]
)
def test_discreet_titles_name_no_drug_or_condition_anywhere_in_the_file(owner, slug):
    plan = make_plan(owner, slug, weekdays=(), discreet_titles=True, label="genital area")
    services.session_mark(session=plan.sessions.get(number=2), status="rest")
    text = unfold(export(plan)).lower()
    words = UUID.sub("", text)  # a random UID may spell "bcc" in hex
    found = [word for word in forbidden_words(plan.rule) if word in words]
    assert found == []
    assert "genital" not in text  # the person's own label is left out too
    assert "x-wr-calname:skin treatment\r\n" in text


def test_without_discreet_titles_the_events_name_the_cream_and_area(owner):
    plan = make_plan(owner)
    event = events(export(plan))[event_uid(plan, "apply", 1)]
    assert event["SUMMARY"] == "Apply Aldara 5% (left cheek)"


def test_a_wall_time_that_happens_twice_is_written_in_utc(owner):
    # 18:30 BST + 8 h on Sat 24 Oct 2026 is 01:30 GMT, the second 01:30 of that night.
    plan = make_plan(
        owner,
        "zyclara-ak-3-75",
        weekdays=(),
        start_date=dt.date(2026, 10, 19),
        application_time=dt.time(18, 30),
    )
    text = lines(export(plan))
    assert "DTSTART:20261025T013000Z" in text  # the wash-off
    assert "DTSTART:20261024T173000Z" in text  # its application, in UTC too
    assert "DTSTART;TZID=Europe/London:20261023T183000" in text  # the nights around it


def test_the_all_plans_calendar_has_a_stable_neutral_identity(owner, outsider):
    rows = [(p, list(p.sessions.all())) for p in [make_plan(owner)]]
    text = lines(plans_calendar(owner.pk, rows, keep_cancelled=True))
    assert f"UID:{all_plans_id(owner.pk)}" in text
    assert f"X-WR-CALNAME:{ALL_PLANS_NAME}" in text
    assert all_plans_id(owner.pk) == all_plans_id(owner.pk) != all_plans_id(outsider.pk)


def test_a_description_holds_the_night_and_the_wash_off_time(owner):
    plan = make_plan(owner)
    event = events(export(plan))[event_uid(plan, "apply", 1)]
    assert re.match(
        r"Application 1 of 32\. Wash off at 06:00 on Tue 3 Mar \(Europe/London\), after 8 hours",
        str(event["DESCRIPTION"]),
    )


@pytest.mark.parametrize(
    "junk", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\n"]
)
def test_control_characters_never_reach_the_file(owner, junk):
    """(No NUL: PostgreSQL refuses to store it in the first place.)"""
    plan = make_plan(owner, label=f"left{junk}cheek")
    RuleVersion.objects.filter(pk=plan.rule_id).update(
        product=f"Aldara{junk}cream (imiquimod)", apply_steps=f"Step{junk}one"
    )
    plan.refresh_from_db()
    ics = plan_calendar(plan, list(plan.sessions.all()), keep_cancelled=True).decode()
    unfolded = ics.replace("\r\n ", "")
    for line in unfolded.split("\r\n"):
        assert junk not in line or junk == "\n", repr(line)
    assert "left cheek" in unfolded and "Aldara cream" in unfolded
