"""A change from today leaves a night whose time has passed as it is, to be recorded: the cream
may be on already, and a new time that evening would ask for a second application."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from prescribed_plans import make_prescribed

from planner.plans.models import Session

pytestmark = pytest.mark.usefixtures("catalogue")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY_AFTERNOON = dt.datetime(2026, 12, 7, 16, 20, tzinfo=NEW_YORK)
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def every_day(owner, start: dt.date, at: dt.time):
    """Aldara every day for 4 weeks in New York, as prescribed."""
    return make_prescribed(owner, start=start, time=at, zone="America/New_York", per_week=7)


def post(client, plan, at: str, button: str):
    data = {
        "from_date": "2026-12-07",
        "application_time": at,
        "timezone": "America/New_York",
        "weekdays": EVERY_DAY,
        button: "1",
    }
    return client.post(f"/plans/{plan.public_id}/change/", data)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def local(night: Session) -> str:
    return f"{night.apply_at.astimezone(NEW_YORK):%a %d %H:%M}"


@time_machine.travel(MONDAY_AFTERNOON, tick=False)
def test_this_afternoons_night_stays_at_its_time_and_tonight_gets_no_second(client, owner):
    plan = every_day(owner, dt.date(2026, 12, 6), dt.time(14, 0))
    client.force_login(owner)
    page = text(post(client, plan, "22:00", "preview"))
    assert "Application 2 (Mon 7 Dec, 14:00) is already past: it stays as it is." in page
    assert post(client, plan, "22:00", "save").status_code == 302
    nights = {s.number: s for s in plan.sessions.all()}
    assert (local(nights[2]), nights[2].status) == ("Mon 07 14:00", "planned")
    assert local(nights[3]) == "Tue 08 22:00"  # the change starts with the next night
    assert plan.sessions.filter(date=dt.date(2026, 12, 7)).count() == 1


@time_machine.travel(MONDAY_AFTERNOON, tick=False)
def test_last_nights_late_application_is_not_moved_into_tonight(client, owner):
    plan = every_day(owner, dt.date(2026, 12, 7), dt.time(1, 0))
    client.force_login(owner)
    page = text(post(client, plan, "23:00", "preview"))
    assert "Application 1 (Mon 7 Dec, 01:00) is already past: it stays as it is." in page
    assert "application 1, until now" not in page  # the evening note is about night 2
    assert post(client, plan, "23:00", "save").status_code == 302
    first = plan.sessions.get(number=1)
    assert (local(first), first.status) == ("Mon 07 01:00", "planned")
    assert local(plan.sessions.get(number=2)) == "Tue 08 23:00"
