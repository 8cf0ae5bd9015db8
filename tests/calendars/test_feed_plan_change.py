"""A plan changed from a date, as calendar apps see it: the feed before and after. Each night
keeps its UID; those that changed carry a higher SEQUENCE; cancelled ones stay in the feed as
STATUS:CANCELLED (as an ended plan's do) and leave the download; past nights keep their zone."""

import datetime as dt

import icalendar
import pytest
import time_machine

from factories import make_plan
from icsparsers import all_parsers
from planner.calendars import feeds
from planner.calendars.ics import event_uid
from planner.plans import changes

pytestmark = pytest.mark.usefixtures("catalogue")
NOW = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)
FROM = dt.date(2026, 4, 6)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def change(plan, from_date=FROM, weekdays=("tue", "fri"), zone="America/New_York"):
    return changes.plan_change(
        plan=plan,
        from_date=from_date,
        application_time=dt.time(22, 15),
        timezone=zone,
        weekdays=weekdays,
        today=dt.date(2026, 4, 1),
        now=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
    )


@pytest.fixture
def feed(client, owner):
    plan = make_plan(owner, application_time=dt.time(21, 30))  # Mon+Thu in London
    url = f"/feeds/{feeds.feed_rotate(user=owner, plan=plan).token}.ics"
    return plan, lambda: client.get(url).content


def test_every_uid_stays_and_each_changed_event_has_a_higher_sequence(feed):
    plan, fetch = feed
    before = events(fetch())
    change(plan)
    after = events(fetch())
    assert set(after) == set(before)
    for number, date in plan.sessions.values_list("number", "date"):
        for kind in ("apply", "wash-off"):
            uid = event_uid(plan, kind, number)
            old, new = before[uid]["SEQUENCE"], after[uid]["SEQUENCE"]
            if date < FROM:
                assert new == old, uid
                assert after[uid]["DTSTART"].to_ical() == before[uid]["DTSTART"].to_ical()
            else:
                assert new > old, uid
                assert after[uid]["DTSTART"].dt != before[uid]["DTSTART"].dt


def test_past_nights_keep_their_zone_and_new_ones_take_the_new_one(feed):
    plan, fetch = feed
    change(plan)
    data = fetch()
    after = events(data)
    past = after[event_uid(plan, "apply", plan.sessions.get(date=dt.date(2026, 4, 2)).number)]
    moved = after[event_uid(plan, "apply", plan.sessions.get(date=dt.date(2026, 4, 7)).number)]
    assert past["DTSTART"].params["TZID"] == "Europe/London"
    assert past["DTSTART"].dt.strftime("%H:%M") == "21:30"
    assert moved["DTSTART"].params["TZID"] == "America/New_York"
    assert moved["DTSTART"].dt.strftime("%H:%M") == "22:15"
    tzids = {str(tz["TZID"]) for tz in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")}
    assert tzids == {"Europe/London", "America/New_York"}


@pytest.mark.parametrize("parse", all_parsers(), ids=lambda p: p.__name__)
def test_every_reader_finds_each_night_at_its_instant_after_a_change(feed, parse):
    plan, fetch = feed
    change(plan)
    read = parse(fetch())
    for night in plan.sessions.all():
        assert read[event_uid(plan, "apply", night.number)] == (night.apply_at, night.wash_off_at)


def test_a_cancelled_night_stays_in_the_feed_as_cancelled_and_leaves_the_download(client, owner):
    """Every day at 22:00 in London, to 06:00 in Tokyo from Tue 14 April: that morning is
    Monday night's cream still on, so Tuesday's night is cancelled."""
    plan = make_plan(owner, "zyclara-egw", application_time=dt.time(22, 0))
    url = f"/feeds/{feeds.feed_rotate(user=owner, plan=plan).token}.ics"
    every_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    changes.plan_change(
        plan=plan,
        from_date=dt.date(2026, 4, 14),
        application_time=dt.time(6, 0),
        timezone="Asia/Tokyo",
        weekdays=every_day,
        today=NOW.date(),
        now=NOW,
    )
    gone = plan.sessions.get(status="cancelled")
    uid = event_uid(plan, "apply", gone.number)
    in_feed = events(client.get(url).content)[uid]
    assert (in_feed["STATUS"], in_feed["SEQUENCE"]) == ("CANCELLED", 1)
    assert not in_feed.walk("VALARM")  # no reminder for what will not happen
    client.force_login(owner)
    assert uid not in events(client.get(f"/plans/{plan.public_id}/calendar.ics").content)


def test_the_feeds_etag_changes_with_the_plan(client, feed):
    plan, fetch = feed
    url = f"/feeds/{feeds.feed_of(user=plan.user, plan=plan).token}.ics"
    etag = client.get(url)["ETag"]
    change(plan)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
