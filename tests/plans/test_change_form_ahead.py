"""The change form opens with the time and zone in force on its From day: a trip saved ahead
(New York from Tue 15 Dec) is not yet the plan's time, and the page says it is scheduled."""

import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")
NOW = dt.datetime(2026, 12, 7, 21, 20, tzinfo=dt.UTC)  # Tue 8 Dec, 06:20 in Tokyo


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())


@pytest.fixture
def plan(client, owner):
    """Aldara AK, Mon and Thu at 23:00 in Tokyo; New York at 22:00 saved from Tue 15 Dec."""
    plan = make_plan(
        owner,
        start_date=dt.date(2026, 11, 30),
        application_time=dt.time(23, 0),
        timezone="Asia/Tokyo",
        weekdays=("mon", "thu"),
    )
    client.force_login(owner)
    trip = {
        "from_date": "2026-12-15",
        "application_time": "22:00",
        "timezone": "America/New_York",
        "weekdays": ["mon", "thu"],
        "save": "1",
    }
    with time_machine.travel(NOW, tick=False):
        assert client.post(f"/plans/{plan.public_id}/change/", trip).status_code == 302
    return plan


@time_machine.travel(NOW, tick=False)
def test_the_form_shows_tokyo_until_the_trip_and_says_the_trip_is_saved(client, plan):
    response = client.get(f"/plans/{plan.public_id}/change/")
    form = response.context["form"]
    assert form["from_date"].value() == dt.date(2026, 12, 8)
    assert str(form["application_time"].value())[:5] == "23:00"
    assert form["timezone"].value() == "Asia/Tokyo"
    page = text(response)
    assert "A change is already saved from Tue 15 Dec: 22:00 in America/New_York;" in page


@time_machine.travel(NOW, tick=False)
def test_saving_the_form_as_shown_keeps_the_nights_before_the_trip_in_tokyo(client, plan):
    form = client.get(f"/plans/{plan.public_id}/change/").context["form"]
    data = {name: form[name].value() for name in ("from_date", "application_time", "timezone")}
    data |= {"weekdays": ["tue", "fri"], "save": "1"}  # only the weekdays change
    assert client.post(f"/plans/{plan.public_id}/change/", data).status_code == 302
    friday = plan.sessions.get(date=dt.date(2026, 12, 11))
    assert (friday.zone_name, f"{friday.apply_at.astimezone(friday.zone):%H:%M}") == (
        "Asia/Tokyo",
        "23:00",
    )
