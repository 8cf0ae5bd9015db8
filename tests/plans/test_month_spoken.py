"""What a screen reader hears in a month's cell: the night's status, and its times only for a
night with cream on the skin (a rest night was heard as 'wash off 05:30')."""

import datetime as dt
import re

import pytest
import time_machine

from factories import make_plan
from planner.plans import services

pytestmark = pytest.mark.usefixtures("catalogue")


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_each_night_is_heard_with_the_times_it_has(client, owner):
    plan = make_plan(owner, weekdays=("mon", "thu"), application_time=dt.time(21, 30))
    night = {n.number: n for n in plan.sessions.all()}
    services.session_mark(session=night[1], status="done")
    services.session_mark(session=night[2], status="rest")
    services.session_mark(session=night[3], status="missed")
    client.force_login(owner)
    html = client.get(f"/plans/{plan.public_id}/calendar/2026-03/").content.decode()
    spoken = SPOKEN.findall(" ".join(html.split()))
    heard = {int(n): re.sub(r"<[^>]+>", "", text) for n, text in spoken}
    assert heard[1] == "Done, wash off 05:30"
    assert heard[2] == "Rest"
    assert heard[3] == "Missed"
    assert heard[5] == "Planned, apply 21:30, wash off 05:30"


SPOKEN = re.compile(r'<span class="sr-only">application (\d+), (.*?)</span>')
