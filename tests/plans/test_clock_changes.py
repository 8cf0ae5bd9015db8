"""A night the clocks change while the cream is on: its wash-off time is still the contact
time after the application (elapsed time), so its wall times differ by an hour more or less
("22:00, off 07:00"). The pages say why, so nobody shortens or stretches the contact."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from factories import make_plan
from planner.calendars.ics import event_uid

pytestmark = pytest.mark.usefixtures("catalogue")
NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
# The US clocks go forward at 02:00 on Sunday 8 March 2026; the UK's go back at 02:00 on
# Sunday 25 October 2026. Both plans apply on Wednesdays and Saturdays at 22:00.
SPRING_EVENING = dt.datetime(2026, 3, 7, 19, tzinfo=NEW_YORK)
AUTUMN_EVENING = dt.datetime(2026, 10, 24, 19, tzinfo=LONDON)
WEEKDAYS = ("wed", "sat")


def spring_plan(owner):
    return make_plan(
        owner,
        timezone="America/New_York",
        weekdays=WEEKDAYS,
        application_time=dt.time(22),
        start_date=dt.date(2026, 3, 2),
    )


def autumn_plan(owner):
    return make_plan(
        owner, weekdays=WEEKDAYS, application_time=dt.time(22), start_date=dt.date(2026, 10, 19)
    )


def page(client, owner, url: str) -> str:
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(SPRING_EVENING, tick=False)
def test_today_says_the_clocks_go_forward_tonight(client, owner):
    spring_plan(owner)
    body = page(client, owner, "/today/")
    assert 'datetime="2026-03-08T07:00-04:00">07:00' in body  # 8 hours after 22:00 EST
    assert "The clocks go forward 1 hour during this night: the wash-off time is still 8 hours" in (
        body
    )


@time_machine.travel(AUTUMN_EVENING, tick=False)
def test_the_plan_page_says_the_clocks_go_back_tonight(client, owner):
    plan = autumn_plan(owner)
    body = page(client, owner, f"/plans/{plan.public_id}/")
    assert 'datetime="2026-10-25T05:00+00:00">05:00' in body
    assert "The clocks go back 1 hour during this night" in body


@time_machine.travel(AUTUMN_EVENING - dt.timedelta(days=3), tick=False)
def test_a_night_without_a_change_says_nothing_of_clocks(client, owner):
    plan = autumn_plan(owner)  # Wednesday 21 October: tonight's is 22:00 to 06:00
    assert "clocks" not in page(client, owner, "/today/")
    assert "The clocks" not in page(client, owner, f"/plans/{plan.public_id}/")


@time_machine.travel(SPRING_EVENING, tick=False)
def test_the_list_of_nights_and_the_sheet_mark_only_that_night(client, owner):
    plan = spring_plan(owner)
    detail = page(client, owner, f"/plans/{plan.public_id}/")
    rows = re.findall(r'<tr id="session-(\d+)"(.*?)</tr>', detail, re.S)
    marked = [number for number, row in rows if "clocks forward 1 hour" in row]
    assert marked == ["2"]  # Wed 4 Mar, then Sat 7 Mar
    sheet = page(client, owner, f"/plans/{plan.public_id}/print/")
    assert sheet.count("clocks forward 1 hour") == 1


def test_the_calendar_event_of_that_night_says_so_too(client, owner):
    plan = spring_plan(owner)
    client.force_login(owner)
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/plans/{plan.public_id}/calendar.ics").content
    )
    saying = [
        str(event["UID"])
        for event in calendar.walk("VEVENT")
        if "The clocks go forward 1 hour during this night." in str(event["DESCRIPTION"])
    ]
    assert saying == [event_uid(plan, "apply", 2)]


def test_the_month_grid_marks_that_night(client, owner):
    plan = spring_plan(owner)
    body = page(client, owner, f"/plans/{plan.public_id}/calendar/2026-3/")
    cells = re.findall(r'<span class="day">(\d+)</span>(.*?)</td>', body, re.S)
    assert [day for day, cell in cells if "clocks forward 1 hour" in cell] == ["7"]
