"""A change of zone saved ahead of a trip: until its first day the plan's days are still
the zone it is in. "Tonight" on a Wednesday afternoon in London was Thursday's night once a
trip to Tokyo from next Monday was saved (Tokyo's date was already Thursday)."""

import datetime as dt

import pytest
import time_machine

from factories import make_plan
from planner.plans import services

pytestmark = pytest.mark.usefixtures("catalogue")
LONDON_WEDNESDAY = dt.datetime(2026, 4, 1, 16, tzinfo=dt.UTC)  # 17:00 in London, Thu 01:00 in Tokyo
TRIP = {
    "from_date": "2026-04-06",  # Monday
    "application_time": "21:30",
    "timezone": "Asia/Tokyo",
    "weekdays": ["mon", "thu"],
    "save": "1",
}


@pytest.fixture
def plan(client, owner):
    """Aldara AK, Mon+Thu 21:30 in London from Mon 2 March; Tokyo from Mon 6 April."""
    plan = make_plan(owner, application_time=dt.time(21, 30))
    client.force_login(owner)
    with time_machine.travel(LONDON_WEDNESDAY, tick=False):
        response = client.post(f"/plans/{plan.public_id}/change/", TRIP)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.timezone == "Asia/Tokyo"
    return plan


@time_machine.travel(LONDON_WEDNESDAY, tick=False)
def test_before_the_trip_today_is_still_london_s(client, plan):
    thursday = plan.sessions.get(date=dt.date(2026, 4, 2))
    assert plan.today(LONDON_WEDNESDAY) == dt.date(2026, 4, 1)
    today = " ".join(client.get("/today/").content.decode().split())
    assert "Nothing to apply tonight. Next: Thu 2 Apr at" in today
    page = " ".join(client.get(f"/plans/{plan.public_id}/").content.decode().split())
    assert "Nothing to apply tonight." in page
    skip = client.post(
        f"/plans/{plan.public_id}/sessions/{thursday.number}/", {"status": "missed"}, follow=True
    )
    assert "cannot be marked done or missed yet" in skip.content.decode()
    thursday.refresh_from_db()
    assert thursday.status == "planned"
    log = client.get(f"/plans/{plan.public_id}/log/").content.decode()
    assert "Log Wed 1 Apr<" in log and 'max="2026-04-01"' in log


@time_machine.travel(LONDON_WEDNESDAY, tick=False)
def test_before_the_trip_the_report_is_made_on_london_s_clock(client, plan):
    report = " ".join(client.get(f"/plans/{plan.public_id}/report/").content.decode().split())
    assert "Made on 1 Apr 2026, 17:00 (Europe/London)" in report


@pytest.mark.parametrize(
    ("instant", "today"),
    [
        # Mon 01:00 in Tokyo, still Sunday 17:00 in London: the trip has not begun.
        (dt.datetime(2026, 4, 5, 16, tzinfo=dt.UTC), dt.date(2026, 4, 5)),
        # Monday in London too: the plan is in Tokyo, where it is Monday 09:00.
        (dt.datetime(2026, 4, 6, 0, tzinfo=dt.UTC), dt.date(2026, 4, 6)),
        # Monday 23:30 in Tokyo, Monday 15:30 in London: Tokyo's date from now on.
        (dt.datetime(2026, 4, 6, 14, 30, tzinfo=dt.UTC), dt.date(2026, 4, 6)),
        (dt.datetime(2026, 4, 6, 15, 30, tzinfo=dt.UTC), dt.date(2026, 4, 7)),
    ],
)
def test_from_its_first_day_the_plan_s_days_are_the_new_zone_s(plan, instant, today):
    assert plan.today(instant) == today


def test_a_change_from_today_takes_effect_at_once(client, owner):
    plan = make_plan(owner, application_time=dt.time(21, 30))
    client.force_login(owner)
    with time_machine.travel(LONDON_WEDNESDAY, tick=False):
        client.post(f"/plans/{plan.public_id}/change/", {**TRIP, "from_date": "2026-04-01"})
    plan.refresh_from_db()
    assert plan.today(LONDON_WEDNESDAY) == dt.date(2026, 4, 2)  # Tokyo's Thursday already


@pytest.mark.parametrize("page", ["report", "log"])
@time_machine.travel(LONDON_WEDNESDAY, tick=False)
def test_before_the_trip_the_log_s_days_are_said_to_be_london_s(client, plan, page):
    """The timeline said 'one column a day (Asia/Tokyo)' while every day until the trip is
    a London day; it names both, and the day the second begins."""
    body = " ".join(client.get(f"/plans/{plan.public_id}/{page}/").content.decode().split())
    assert "one column a day (Europe/London; Asia/Tokyo from Mon 6 Apr)." in body


def test_a_plan_stopped_before_the_trip_is_said_stopped_on_london_s_date(client, plan):
    """Stopped at 23:30 on Wednesday in London, Thursday 07:30 in Tokyo: the report said
    'Stopped on 2 Apr 2026' on Tokyo's clock, before the trip had begun."""
    stop = dt.datetime(2026, 4, 1, 22, 30, tzinfo=dt.UTC)
    with time_machine.travel(stop, tick=False):
        services.plan_end(plan=plan, status="stopped", today=plan.today(stop))
    with time_machine.travel(stop + dt.timedelta(days=10), tick=False):
        body = " ".join(client.get(f"/plans/{plan.public_id}/report/").content.decode().split())
        pages = {
            url: " ".join(client.get(url).content.decode().split())
            for url in (f"/plans/{plan.public_id}/", f"/plans/{plan.public_id}/print/", "/plans/")
        }
    assert "<dt>Status</dt><dd>Stopped on 1 Apr 2026</dd>" in body
    for url, page in pages.items():  # the plan page, its tick-sheet and My plans say it too
        assert "Stopped on 1 Apr 2026" in page and "Stopped on 2 Apr" not in page, url
