"""The plan forms' previews say when the first nights are already past (a plan made tonight
after its time, or dated back): the plan page will ask whether they were applied."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.usefixtures("catalogue")
PARIS = ZoneInfo("Europe/Paris")
FORM = {
    "regimen": "aldara-sbcc",
    "weekdays": ["mon", "tue", "wed", "thu", "fri"],
    "application_time": "22:00",
    "timezone": "Europe/Paris",
    "contact_hours": "8",
    "preview": "1",
}


def preview(client, owner, start: dt.date) -> str:
    """The page's text, as read: tags dropped, white space collapsed."""
    client.force_login(owner)
    response = client.post("/plans/new/", {**FORM, "start_date": start.isoformat()})
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


@time_machine.travel(dt.datetime(2026, 12, 5, 8, 30, tzinfo=PARIS))  # a Saturday morning
def test_last_nights_application_is_said_to_be_past(client, owner):
    page = preview(client, owner, dt.date(2026, 12, 4))
    assert "Application 1 (Fri 4 Dec, 22:00) is already past." in page
    assert "tick it done on the plan page" in page


@time_machine.travel(dt.datetime(2026, 12, 5, 8, 30, tzinfo=PARIS))
def test_a_plan_dated_back_names_how_many_are_past(client, owner):
    page = preview(client, owner, dt.date(2026, 11, 30))  # Monday to Friday: five nights
    assert "The first 5 applications, up to Fri 4 Dec, 22:00, are already past." in page
    assert "tick them done" in page


@time_machine.travel(dt.datetime(2027, 2, 1, 9, 0, tzinfo=PARIS))
def test_a_plan_wholly_in_the_past_says_every_application_is(client, owner):
    page = preview(client, owner, dt.date(2026, 12, 4))
    assert "Every application, up to Thu 14 Jan, 22:00, is already past." in page


@time_machine.travel(dt.datetime(2026, 12, 4, 21, 59, tzinfo=PARIS))
def test_tonight_before_its_time_is_not_past(client, owner):
    assert "already past" not in preview(client, owner, dt.date(2026, 12, 4))


@time_machine.travel(dt.datetime(2026, 3, 5, 9, 0, tzinfo=PARIS))  # a Thursday
def test_the_prescribed_forms_preview_says_so_too(client, owner):
    client.force_login(owner)
    data = {
        "regimen": "aldara-ak",
        "start_date": "2026-03-02",
        "pattern": "weekly",
        "per_week": "3",
        "weekdays": ["mon", "wed", "fri"],
        "weeks": "4",
        "application_time": "21:30",
        "timezone": "Europe/Paris",
        "contact_hours": "8",
        "preview": "1",
    }
    response = client.post("/plans/new/prescribed/", data)
    page = " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())
    assert "The first 2 applications, up to Wed 4 Mar, 21:30, are already past." in page
