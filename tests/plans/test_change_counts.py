"""A change of weekdays never adds an application: the old days before the from-date and the
new ones after it could together hold more in a week, and more in all, than prescribed."""

import datetime as dt
import re

import pytest
import time_machine
from prescribed_plans import make_prescribed

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


def live(plan) -> list[dt.date]:
    return list(plan.sessions.exclude(status="cancelled").values_list("date", flat=True))


def most_in_7_days(dates) -> int:
    return max(sum(d <= o < d + dt.timedelta(days=7) for o in dates) for d in dates)


@time_machine.travel(dt.datetime(2027, 3, 9, 12, tzinfo=dt.UTC), tick=False)
def test_three_a_week_to_other_days_keeps_twelve_and_three_a_week(client, owner):
    plan = make_prescribed(
        owner, start=dt.date(2027, 3, 1), time=dt.time(2, 30), zone="America/New_York",
        weekdays=("mon", "wed", "fri"),
    )  # fmt: skip
    client.force_login(owner)
    data = {
        "from_date": "2027-03-10",
        "application_time": "02:30",
        "timezone": "America/New_York",
        "weekdays": ["thu", "fri", "sat"],
    }
    url = f"/plans/{plan.public_id}/change/"
    page = text(client.post(url, {**data, "preview": "1"}))
    assert "7 applications move, 0 are added and 0 are cancelled" in page
    assert "Left out, so that the change adds no application" in page
    assert "(at most 3 in any 7 days running and 12 in the course): Sat 13 Mar." in page
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    dates = live(plan)
    assert len(dates) == 12 and most_in_7_days(dates) == 3
    assert dt.date(2027, 3, 13) not in dates


@time_machine.travel(dt.datetime(2026, 12, 16, 12, tzinfo=dt.UTC), tick=False)
def test_a_label_plan_keeps_its_count_a_week_too(client, owner):
    """Aldara AK twice a week, Mon and Thu, to Sun and Wed from Fri 18 Dec: Sun 20 would be
    the third application in the 7 days from Mon 14."""
    plan = make_plan(owner, start_date=dt.date(2026, 12, 7), weekdays=("mon", "thu"))
    client.force_login(owner)
    data = {
        "from_date": "2026-12-18",
        "application_time": "22:00",
        "timezone": "Europe/London",
        "weekdays": ["sun", "wed"],
    }
    url = f"/plans/{plan.public_id}/change/"
    page = text(client.post(url, {**data, "preview": "1"}))
    assert "(at most 2 in any 7 days running and 32 in the course): Sun 20 Dec." in page
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    assert most_in_7_days(live(plan)) == 2 and len(live(plan)) <= 32
