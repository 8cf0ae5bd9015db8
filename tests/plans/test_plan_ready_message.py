"""What a new plan's page first says: how many applications it has, and how many are already
past (a plan dated back, or made after tonight's time), which wait to be ticked. The preview
said so before Create; the page it lands on says it again, where the ticking is done."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import test_plan_add
import test_prescribed
import time_machine

pytestmark = pytest.mark.usefixtures("catalogue")
LONDON = ZoneInfo("Europe/London")
READY = "Your plan is ready: 32 applications."


def said(client, url: str, data: dict, at: dt.datetime) -> str:
    """The message on the page Create lands on, at `at`."""
    with time_machine.travel(at, tick=False):
        client.force_login(client.owner)
        page = client.post(url, data, follow=True).content.decode()
    [message] = re.findall(r'<ul class="messages">\s*<li[^>]*>(.*?)</li>', page, re.S)
    return " ".join(message.split())


@pytest.fixture
def person(client, owner):
    client.owner = owner
    return client


@pytest.mark.parametrize(
    ("at", "message"),
    [
        # Mondays and Thursdays at 21:30 from Mon 2 March 2026.
        (dt.datetime(2026, 3, 1, 12, tzinfo=LONDON), READY),
        (
            dt.datetime(2026, 3, 5, 12, tzinfo=LONDON),
            f"{READY} Application 1 is already past: tick it done if you applied it.",
        ),
        (
            dt.datetime(2026, 3, 10, 12, tzinfo=LONDON),
            f"{READY} The first 3 are already past: tick those you applied.",
        ),
        (
            dt.datetime(2026, 7, 1, 12, tzinfo=LONDON),
            f"{READY} Every application is already past: tick those you applied.",
        ),
    ],
)
def test_the_label_plan_says_how_many_nights_are_already_past(person, at, message):
    assert said(person, test_plan_add.URL, test_plan_add.form_data(), at) == message


def test_the_prescribed_plan_says_it_too(person):
    """Mondays, Wednesdays and Fridays at 21:30 for 4 weeks from Mon 2 March 2026."""
    at = dt.datetime(2026, 3, 5, 12, tzinfo=LONDON)
    assert said(person, test_prescribed.URL, test_prescribed.form_data(), at) == (
        "Your plan is ready: 12 applications, as prescribed. The first 2 are "
        "already past: tick those you applied."
    )
