"""A planned time the clocks skip: in London 01:30 does not exist on Sunday 28 March 2027 (the
clocks go from 01:00 to 02:00), so the engine moves that night to 02:30 (engine.local_instant).
The pages say why that one night is an hour later, so nobody thinks the plan is wrong."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from factories import make_plan
from planner.calendars.ics import event_uid
from planner.plans.clocks import time_skipped
from regimens import engine

pytestmark = pytest.mark.usefixtures("catalogue")
LONDON = ZoneInfo("Europe/London")
SKIPPED_DAY = dt.date(2027, 3, 28)  # a Sunday
WEEKDAYS = ["tue", "fri", "sun"]
NOTE = "(no 01:30: clocks go forward)"


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def night_at(day: dt.date, at: dt.time, zone=LONDON) -> engine.Session:
    apply_at = engine.local_instant(day, at, zone)
    return engine.Session(1, day, apply_at, engine.wash_off_at(apply_at, 8))


def skipped_night_plan(owner):
    """Warts, Tue, Fri and Sun at 01:30 in London from Fri 26 March 2027: night 2 is Sunday's."""
    return make_plan(
        owner,
        "aldara-egw",
        weekdays=WEEKDAYS,
        application_time=dt.time(1, 30),
        start_date=dt.date(2027, 3, 26),
    )


def test_only_a_time_the_clocks_skip_is_named():
    assert time_skipped(night_at(SKIPPED_DAY, dt.time(1, 30)), dt.time(1, 30)) == "01:30"
    assert time_skipped(night_at(SKIPPED_DAY, dt.time(2, 30)), dt.time(2, 30)) == ""
    assert time_skipped(night_at(SKIPPED_DAY, dt.time(22)), dt.time(22)) == ""
    assert (
        time_skipped(night_at(SKIPPED_DAY - dt.timedelta(days=7), dt.time(1, 30)), dt.time(1, 30))
        == ""
    )
    # The US clocks skip 02:00-03:00 on Sunday 14 March 2027; London's do not that day.
    new_york = ZoneInfo("America/New_York")
    skipped_us = dt.date(2027, 3, 14)
    assert time_skipped(night_at(skipped_us, dt.time(2, 15), new_york), dt.time(2, 15)) == "02:15"
    assert time_skipped(night_at(skipped_us, dt.time(1, 30)), dt.time(1, 30)) == ""
    # A night planned at another time (before a change of the plan's time) is not named.
    assert time_skipped(night_at(SKIPPED_DAY, dt.time(22)), dt.time(1, 30)) == ""


def test_the_saved_night_moves_and_the_list_and_sheet_say_why(client, owner):
    plan = skipped_night_plan(owner)
    night = plan.sessions.get(date=SKIPPED_DAY)
    assert night.apply_at == dt.datetime(2027, 3, 28, 2, 30, tzinfo=LONDON)
    client.force_login(owner)

    page = text(client.get(plan.get_absolute_url()))
    assert f"Sun 28 Mar, 02:30 {NOTE}" in page
    assert page.count(NOTE) == 1  # the other nights keep 01:30
    assert "Tue 30 Mar, 01:30" in page

    month = text(client.get(f"{plan.get_absolute_url()}calendar/2027-3/"))
    assert "28 02:30–10:30 no 01:30: clocks forward" in " ".join(month.split())
    assert month.count("clocks forward") == 1

    sheet = text(client.get(f"{plan.get_absolute_url()}print/"))
    assert f"Sun 28 Mar, 02:30 Sat night off Sun 10:30 {NOTE}" in sheet  # 01:30: Saturday's
    assert sheet.count(NOTE) == 1


def test_the_steps_of_that_night_say_when_to_apply(client, owner):
    plan = skipped_night_plan(owner)
    said = "There is no 01:30 this night: the clocks go forward, so apply at 02:30."
    with time_machine.travel(dt.datetime(2027, 3, 27, 20, tzinfo=LONDON), tick=False):
        client.force_login(owner)
        assert said in text(client.get("/today/"))
        assert said in text(client.get(plan.get_absolute_url()))
    with time_machine.travel(dt.datetime(2027, 3, 29, 20, tzinfo=LONDON), tick=False):
        client.force_login(owner)
        assert "There is no" not in text(client.get("/today/"))  # Tuesday's night: 01:30


def test_the_preview_says_so_before_the_plan_is_made(client, owner):
    form = {
        "regimen": "aldara-egw",
        "start_date": "2027-03-26",
        "weekdays": WEEKDAYS,
        "application_time": "01:30",
        "timezone": "Europe/London",
        "contact_hours": "8",
        "preview": "1",
    }
    with time_machine.travel(dt.datetime(2027, 3, 20, 12, tzinfo=LONDON), tick=False):
        client.force_login(owner)
        page = text(client.post("/plans/new/", form))
    assert f"Sun 28 Mar, 02:30 {NOTE}" in page
    assert page.count(NOTE) == 1


SAID = "There is no 01:30 this night: the clocks go forward, so it is 02:30."


def test_that_night_s_calendar_event_says_so(client, owner):
    plan = skipped_night_plan(owner)
    client.force_login(owner)
    calendar = icalendar.Calendar.from_ical(
        client.get(f"{plan.get_absolute_url()}calendar.ics").content
    )
    saying = [
        str(event["UID"])
        for event in calendar.walk("VEVENT")
        if SAID in " ".join(str(event["DESCRIPTION"]).split())
    ]
    assert saying == [event_uid(plan, "apply", 2)]


def test_a_change_to_a_time_the_clocks_skip_says_so_in_its_preview(client, owner):
    plan = make_plan(
        owner,
        "aldara-egw",
        weekdays=WEEKDAYS,
        application_time=dt.time(22),
        start_date=dt.date(2027, 3, 19),
    )
    change = {
        "from_date": "2027-03-22",
        "application_time": "01:30",
        "timezone": "Europe/London",
        "weekdays": WEEKDAYS,
        "preview": "1",
    }
    with time_machine.travel(dt.datetime(2027, 3, 21, 12, tzinfo=LONDON), tick=False):
        client.force_login(owner)
        page = text(client.post(f"{plan.get_absolute_url()}change/", change))
    assert f"Sun 28 Mar, 02:30 {NOTE}" in page
    assert page.count(NOTE) == 1


@pytest.mark.parametrize("page", ["new", "change"])
def test_the_after_midnight_note_names_the_time_chosen_not_the_moved_one(client, owner, page):
    """The first night listed is the one the clocks moved to 02:30: the note says the time
    the person typed."""
    form = {"application_time": "01:30", "timezone": "Europe/London", "weekdays": WEEKDAYS}
    form["preview"] = "1"
    if page == "new":
        url = "/plans/new/"
        form |= {"regimen": "aldara-egw", "start_date": "2027-03-28", "contact_hours": "8"}
    else:
        # on the days chosen already: the weekdays of a change never add a fourth in a week
        plan = make_plan(owner, "aldara-egw", start_date=dt.date(2027, 3, 22), weekdays=WEEKDAYS)
        url, form["from_date"] = f"{plan.get_absolute_url()}change/", "2027-03-28"
    with time_machine.travel(dt.datetime(2027, 3, 21, 12, tzinfo=LONDON), tick=False):
        client.force_login(owner)
        said = text(client.post(url, form))
    assert f"Sun 28 Mar, 02:30 {NOTE}" in said
    assert "01:30 is after midnight: each application is in the night before" in said
    assert "02:30 is after midnight" not in said
