"""The label's drying time before the cream goes on (regimens.md, 2: let the washed area dry
for at least 10 minutes), in the words a person follows on the night: the steps on Today
and the plan page, the tick-sheet and each calendar event."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.utils.html import strip_tags

from factories import make_plan

pytestmark = pytest.mark.usefixtures("catalogue")
SAID = "let it dry for at least 10 minutes"
EVENING = dt.datetime(2026, 3, 5, 19, tzinfo=ZoneInfo("Europe/London"))  # Thursday, a night


def said(body: str) -> str:
    return " ".join(strip_tags(body).split())


@time_machine.travel(EVENING, tick=False)
@pytest.mark.parametrize("page", ["/today/", "plan", "print"])
def test_the_steps_and_the_sheet_give_the_drying_time(client, owner, page):
    plan = make_plan(owner)  # Mon+Thu at 22:00, London
    client.force_login(owner)
    url = {"plan": f"/plans/{plan.public_id}/", "print": f"/plans/{plan.public_id}/print/"}
    text = said(client.get(url.get(page, page)).content.decode())
    assert SAID in text
    assert "about 10 minutes" not in text  # the label's is a least, not a rough figure


@pytest.mark.parametrize("discreet", [False, True])
def test_each_application_event_gives_it(client, owner, discreet):
    """In the rule's own steps, or, under discreet titles, in the neutral ones."""
    plan = make_plan(owner, discreet_titles=discreet)
    client.force_login(owner)
    body = client.get(f"/plans/{plan.public_id}/calendar.ics").content
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    applications = [e for e in events if "Application" in str(e["DESCRIPTION"])]
    assert len(applications) == 32
    wanted = SAID if discreet else "at least 10 minutes"
    assert all(wanted in str(event["DESCRIPTION"]) for event in applications)
