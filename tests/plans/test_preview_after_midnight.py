"""A time after midnight (a late bedtime, 00:30) puts each application in the night before
the day it is listed on: Monday's 00:30 is the night from Sunday to Monday. The plan forms'
previews say so, naming the first night, so that nobody starts a day early unawares."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.usefixtures("catalogue")
PARIS = ZoneInfo("Europe/Paris")
FORM = {
    "regimen": "aldara-sbcc",
    "start_date": "2026-12-07",  # a Monday
    "weekdays": ["mon", "tue", "wed", "thu", "fri"],
    "timezone": "Europe/Paris",
    "contact_hours": "8",
    "preview": "1",
}
SAID = (
    "00:30 is after midnight: each application is in the night before the day it is listed "
    "on, application 1 in the night from Sun 6 Dec to Mon 7 Dec. If you meant the night "
    "after, choose days one later: the first day, and the weekdays where you choose them."
)


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


@pytest.fixture(autouse=True)
def friday():
    with time_machine.travel(dt.datetime(2026, 12, 4, 12, tzinfo=PARIS)):
        yield


@pytest.mark.parametrize(("time", "said"), [("00:30", True), ("04:59", True), ("05:00", False)])
def test_a_time_after_midnight_is_said_to_be_in_the_night_before(client, owner, time, said):
    client.force_login(owner)
    page = text(client.post("/plans/new/", {**FORM, "application_time": time}))
    assert "Mon 7 Dec, " + time in page  # the first night, as listed
    assert ("is after midnight" in page) is said
    if time == "00:30":
        assert SAID in page


def test_an_evening_time_says_nothing_of_the_kind(client, owner):
    client.force_login(owner)
    page = text(client.post("/plans/new/", {**FORM, "application_time": "22:00"}))
    assert "Mon 7 Dec, 22:00" in page and "after midnight" not in page


def test_the_prescribed_forms_preview_says_so_too(client, owner):
    client.force_login(owner)
    data = {
        **FORM,
        "regimen": "aldara-ak",
        "pattern": "weekly",
        "per_week": "3",
        "weekdays": ["mon", "wed", "fri"],
        "weeks": "4",
        "application_time": "00:30",
    }
    assert SAID in text(client.post("/plans/new/prescribed/", data))


DAYTIME = (
    "10:00 is in the daytime. The label has the cream put on shortly before the hours you "
    "sleep and left on while you sleep: choose a time shortly before your bedtime, unless "
    "you sleep in the day."
)


@pytest.mark.parametrize(
    ("time", "said"), [("06:59", False), ("07:00", True), ("10:00", True), ("17:59", True)]
)
def test_a_daytime_time_is_pointed_out_in_the_previews(client, owner, time, said):
    client.force_login(owner)
    page = text(client.post("/plans/new/", {**FORM, "application_time": time}))
    assert f"Mon 7 Dec, {time}" in page
    assert (f"{time} is in the daytime." in page) is said
    assert "in the daytime" not in text(
        client.post("/plans/new/", {**FORM, "application_time": "18:00"})
    )


def test_the_change_preview_points_out_a_daytime_time_too(client, owner):
    from factories import make_plan

    plan = make_plan(owner, start_date=dt.date(2026, 12, 7), timezone="Europe/Paris")
    client.force_login(owner)
    change = {
        "from_date": "2026-12-07",
        "application_time": "10:00",
        "timezone": "Europe/Paris",
        "weekdays": ["mon", "thu"],
        "preview": "1",
    }
    assert DAYTIME in text(client.post(f"{plan.get_absolute_url()}change/", change))
