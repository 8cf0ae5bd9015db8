"""The calendar of a plan with an assessment (the EU/UK Aldara AK regimen): an all-day
"Assessment" event on its date, and after "not cleared" the second course's nights, in the
download and in the feed, which answers with a new ETag."""

import datetime as dt

import icalendar
import pytest

from factories import make_plan
from icsparsers import all_parsers
from planner.calendars import feeds
from planner.calendars.ics import event_uid, plan_calendar
from planner.plans.assessment import assessment_record

pytestmark = pytest.mark.usefixtures("catalogue")
DUE = dt.date(2026, 4, 27)


def eu_plan(owner, **overrides):
    return make_plan(owner, "aldara-ak-eu", start_date=dt.date(2026, 3, 2), **overrides)


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def export(plan) -> bytes:
    plan.refresh_from_db()
    return plan_calendar(plan, list(plan.sessions.all()), keep_cancelled=True)


def test_the_assessment_is_an_all_day_event_on_its_date(owner):
    plan = eu_plan(owner)
    event = events(export(plan))[event_uid(plan, "assessment")]
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (DUE, DUE + dt.timedelta(days=1))
    assert event["SUMMARY"] == "Assessment: Aldara 5% (left cheek)"
    assert "After 4 weeks without treatment, check with your clinician" in event["DESCRIPTION"]
    assert "one more course of 4 weeks" in event["DESCRIPTION"]
    assert "Educational aid, not medical advice." in event["DESCRIPTION"]
    assert (event["SEQUENCE"], event["STATUS"]) == (0, "CONFIRMED")
    assert event_uid(plan, "follow-up") not in events(export(plan))  # the assessment replaces it


def test_a_plan_without_an_assessment_has_no_such_event(owner):
    plan = make_plan(owner)
    assert event_uid(plan, "assessment") not in events(export(plan))


def test_not_cleared_adds_the_second_courses_nights_and_says_so(owner):
    plan = eu_plan(owner)
    assessment_record(plan=plan, outcome="not-cleared", today=DUE)
    found = events(export(plan))
    assert {event_uid(plan, "apply", n) for n in range(1, 25)} <= set(found)
    assert found[event_uid(plan, "apply", 13)]["DTSTART"].dt.date() == DUE
    assessed = found[event_uid(plan, "assessment")]
    assert assessed["SEQUENCE"] == 1
    assert "Recorded on Mon 27 Apr 2026: not cleared." in assessed["DESCRIPTION"]
    assert "The second course runs to Sun 24 May 2026." in assessed["DESCRIPTION"]


def test_cleared_is_said_on_the_event(owner):
    plan = eu_plan(owner)
    assessment_record(plan=plan, outcome="cleared", today=DUE + dt.timedelta(days=2))
    event = events(export(plan))[event_uid(plan, "assessment")]
    assert event["DTSTART"].dt == DUE  # the date the rule gives, not the day recorded
    assert "Recorded on Wed 29 Apr 2026: cleared. The treatment is over." in event["DESCRIPTION"]


def test_a_discreet_plan_names_no_drug_on_the_assessment(owner):
    plan = eu_plan(owner, discreet_titles=True)
    event = events(export(plan))[event_uid(plan, "assessment")]
    assert event["SUMMARY"] == "Assessment: Skin treatment"
    text = (event["SUMMARY"] + event["DESCRIPTION"]).lower()
    assert not any(word in text for word in ("aldara", "imiquimod", "keratosis", "actinic"))


def test_the_feed_follows_with_a_new_etag(client, owner):
    plan = eu_plan(owner)
    url = f"/feeds/{feeds.feed_rotate(user=owner, plan=plan).token}.ics"
    before = client.get(url)
    assert len([e for e in events(before.content) if "-apply@" in e]) == 12
    assessment_record(plan=plan, outcome="not-cleared", today=DUE)
    stale = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert stale.status_code == 200 and stale["ETag"] != before["ETag"]
    assert len([e for e in events(stale.content) if "-apply@" in e]) == 24


@pytest.mark.parametrize("parse", all_parsers(), ids=lambda p: p.__name__)
def test_every_parser_reads_both_courses_and_the_all_day_assessment(owner, parse):
    plan = eu_plan(owner, timezone="America/New_York")
    assessment_record(plan=plan, outcome="not-cleared", today=DUE)
    read = parse(export(plan))
    assert read[event_uid(plan, "assessment")] == (DUE, DUE + dt.timedelta(days=1))
    for night in plan.sessions.all():
        assert read[event_uid(plan, "apply", night.number)] == (night.apply_at, night.wash_off_at)
