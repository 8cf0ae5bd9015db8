"""What a reminder says, for email and push alike. A discreet plan's reminder, subject
included, names no drug, condition or treated area: it uses the calendar's discreet words
(planner.calendars.words), and the sender's name is neutral for everyone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.urls import reverse

from planner.calendars.words import DISCLAIMER, words_for
from planner.reminders import links
from planner.reminders.models import Delivery

Kind = Delivery.Kind


@dataclass(frozen=True)
class Message:
    subject: str
    lines: tuple[str, ...]
    actions: tuple[tuple[str, str, str], ...]  # (action, label, url)
    push_actions: tuple[tuple[str, str, str], ...]  # the same, for a notification's buttons
    today_url: str
    settings_url: str
    unsubscribe_url: str
    disclaimer: str = DISCLAIMER


def compose(delivery: Delivery) -> Message:
    night = delivery.session
    plan = night.plan
    zone = ZoneInfo(getattr(night, "timezone", "") or plan.timezone)
    words = words_for(plan)
    apply, wash = _local(night.apply_at, zone), _local(night.wash_off_at, zone)
    subject = {
        Kind.APPLY: f"{words.apply} at {apply:%H:%M}",
        Kind.WASH_OFF: f"{words.wash_off} at {wash:%H:%M}",
        Kind.NUDGE: f"Not ticked yet: {words.apply}, {apply:%H:%M}",
    }[delivery.kind]
    lines = (
        f"Application {night.number}, planned for {_moment(apply)} ({zone.key}).",
        f"Wash it off at {_moment(wash)}"
        + (", counted from when you applied it." if night.done_at else "."),
    )
    if delivery.kind == Kind.NUDGE:
        lines = ("This night is not ticked yet. Did you apply it?", *lines)
    return Message(
        subject=subject,
        lines=lines,
        actions=tuple(
            (action, label, links.action_url(delivery, action))
            for action, label in links.ACTIONS.items()
        ),
        push_actions=tuple(
            (action, label, links.action_url(delivery, action, push=True))
            for action, label in links.ACTIONS.items()
        ),
        today_url=links.absolute(reverse("today")),
        settings_url=links.absolute(reverse("reminder-settings")),
        unsubscribe_url=links.unsubscribe_url(plan.user),
    )


def _local(instant: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return instant.astimezone(zone)


def _moment(local: dt.datetime) -> str:
    """'21:30 on Mon 9 Mar'"""
    return f"{local:%H:%M} on {local:%a} {local.day} {local:%b}"
