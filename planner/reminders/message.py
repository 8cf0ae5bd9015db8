"""What a reminder says, for email and push alike. A discreet plan's reminder, subject
included, names no drug, condition or treated area: it uses the calendar's discreet words
(planner.calendars.words), and the sender's name is neutral for everyone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings

from planner.calendars.words import DISCLAIMER, words_for
from planner.plans.clocks import clocks_move, time_skipped_said
from planner.reminders import links
from planner.reminders.models import Delivery
from regimens.engine import day_name

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
    message_id: str = ""  # the same for each try of one reminder (see message_id below)
    template: str = "reminder"  # reminders/email/<template>.txt and .html
    url: str = ""  # where a tap on the notification leads; empty: Today

    @property
    def open_url(self) -> str:
        return self.url or self.today_url


def compose(delivery: Delivery, maker: links.LinkMaker | None = None) -> Message:
    """What a night's reminder says. A batch passes its LinkMaker, shared by its reminders."""
    maker = maker or links.LinkMaker()
    night = delivery.session
    plan = night.plan
    zone = night.zone  # its own: a night keeps its zone when the plan's changes
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
    if move := clocks_move(night):
        start = _local(night.done_at or night.apply_at, zone)
        hours = f"{(night.wash_off_at - start) / dt.timedelta(hours=1):g}"
        lines += (
            f"The clocks go {move} during this night: {wash:%H:%M} is still {hours} hours "
            f"after {start:%H:%M}.",
        )
    if delivery.kind != Kind.WASH_OFF and (said := time_skipped_said(night, plan.application_time)):
        lines += (said,)
    if delivery.kind == Kind.NUDGE:
        lines = (
            f"This night is not ticked yet. Applied it at {apply:%H:%M}? Record that on Today; "
            '"Done now" counts from now.',
            *lines,
        )
    offered = _offered(night)
    tokens = {action: links.action_token(delivery, action) for action in offered}
    return Message(
        subject=subject,
        lines=lines,
        actions=tuple(
            (action, label, maker.action_url(delivery, tokens[action]))
            for action, label in offered.items()
        ),
        push_actions=tuple(
            (action, label, maker.action_url(delivery, tokens[action], push=True))
            for action, label in offered.items()
        ),
        today_url=maker.today_url,
        settings_url=maker.settings_url,
        unsubscribe_url=maker.unsubscribe_url(plan.user),
        message_id=message_id(delivery),
    )


def _offered(night) -> dict[str, str]:
    """The actions a reminder offers: a night already ticked done (its wash-off reminder) can
    only be snoozed, since "Done now" and "Skip tonight" would say it is recorded already."""
    if night.status == night.Status.PLANNED:
        return links.ACTIONS
    return {"snooze": links.ACTIONS["snooze"]}


def message_id(delivery: Delivery) -> str:
    """One Message-ID per delivery and round (a snooze, or its night moving, sends a new message):
    should a message go twice (a crash after the mail server took it, before we recorded
    it), both copies carry the same ID, which mail systems use to drop the second."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{delivery.kind}.{delivery.pk}.{delivery.round}@{host}>"


def _local(instant: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return instant.astimezone(zone)


def _moment(local: dt.datetime) -> str:
    """'21:30 on Mon 9 Mar'"""
    return f"{local:%H:%M} on {day_name(local)}"
