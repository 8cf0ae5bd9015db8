"""For the reminder tests: opting in, plans in New York, and running the sender at a chosen
instant."""

import datetime as dt
import re
from urllib.parse import urlsplit

import time_machine
from django.core import mail
from django.core.management import call_command

from factories import make_plan
from planner.reminders.models import ReminderSettings

NEW_YORK = "America/New_York"
# A link's signed token (Django's signing joins its parts with ":"): random letters, which
# once in a while spell a word such as "wart".
SIGNED_TOKEN = re.compile(r"/[^/\s\"<>]*:[^/\s\"<>]*/")
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def opt_in(user, plan=None, **fields) -> ReminderSettings:
    """Email on, 15 minutes before, wash-off on, no nudge, unless told otherwise."""
    values = {"email": True, "lead_minutes": 15, "wash_off": True, "nudge_minutes": None}
    return ReminderSettings.objects.create(user=user, plan=plan, **{**values, **fields})


def run_at(instant: dt.datetime) -> list:
    """`manage.py reminders --once` with the clock at `instant`; the messages it sent."""
    before = len(mail.outbox)
    with time_machine.travel(instant, tick=False):
        call_command("reminders", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return mail.outbox[before:]


def daily_plan(user, start: dt.date, **overrides):
    """Zyclara 3.75%, every night at 21:30 in New York."""
    values = {
        "start_date": start,
        "weekdays": EVERY_DAY,
        "application_time": dt.time(21, 30),
        "timezone": NEW_YORK,
    }
    return make_plan(user, slug="zyclara-ak-3-75", **{**values, **overrides})


def links_in(message) -> dict[str, str]:
    """The paths of a reminder's links, by name: done, snooze, skip, unsubscribe, settings."""
    text = message.body
    found = {}
    for label, name in (
        ("Done now", "done"),
        ("Snooze 30 min", "snooze"),
        ("Skip tonight", "skip"),
        ("Stop reminder emails", "unsubscribe"),
        ("Reminder settings", "settings"),
    ):
        url = text.split(f"{label}:", 1)[1].split()[0]
        found[name] = urlsplit(url).path
    return found


def text_of(message) -> str:
    """A message read back from the SMTP server: its plain-text part, lines ending in \\n."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def readable(message) -> str:
    """What a reader of `message` sees, in lower case: subject, sender, plain text and HTML,
    each signed token in its links left out (the rest of each link stays in)."""
    parts = [str(message["Subject"]), str(message["From"]), text_of(message), html_of(message)]
    return SIGNED_TOKEN.sub("/<token>/", "\n".join(parts)).lower()
