"""The signed links in a reminder: three one-tap actions and a one-click unsubscribe.

An action link names its night in the path and carries a signed token: the kind of reminder,
the round it was sent in (a snooze, or its night moving, starts a new round:
planner.reminders.moves), the action, the night it is for, and when it was made. The signature
covers all of it, so a token moved to another night's path, or changed at all, is refused; it
expires after ACTION_MAX_AGE, and it is spent once used (the delivery row records the round
acted on). Tokens are secrets: planner.logging hides them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.urls import reverse

from planner.reminders.models import Delivery

ACTIONS = {"done": "Done now", "snooze": "Snooze 30 min", "skip": "Skip tonight"}
ACTION_SALT = "planner.reminders.action"
UNSUBSCRIBE_SALT = "planner.reminders.unsubscribe"
ACTION_MAX_AGE = dt.timedelta(hours=18)  # past the night's window, whatever the lead time


class BadLink(Exception):
    """A link that cannot act; `status` is the HTTP status its page gets."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class Action:
    plan: str  # the plan's public id
    number: int  # the night's number in the plan
    kind: str
    round: int
    action: str


def action_token(delivery: Delivery, action: str) -> str:
    session = delivery.session
    payload = {
        "p": str(session.plan.public_id),
        "n": session.number,
        "k": delivery.kind,
        "r": delivery.round,
        "a": action,
    }
    return signing.TimestampSigner(salt=ACTION_SALT).sign_object(payload)


def action_url(delivery: Delivery, action: str, *, push: bool = False, token: str = "") -> str:
    """The link for an email (a page that asks, then acts), or for a notification's button
    (the service worker POSTs to it). Both carry the same token: one decision per reminder
    (pass it, signed once, to make both)."""
    session = delivery.session
    path = reverse(
        "reminder-push-action" if push else "reminder-action",
        kwargs={
            "public_id": session.plan.public_id,
            "number": session.number,
            "token": token or action_token(delivery, action),
        },
    )
    return absolute(path)


def read_action(token: str, public_id, number: int) -> Action:
    """The action a token grants on night `number` of plan `public_id`; BadLink otherwise."""
    signer = signing.TimestampSigner(salt=ACTION_SALT)
    try:
        payload = signer.unsign_object(token, max_age=ACTION_MAX_AGE)
    except signing.SignatureExpired:
        raise BadLink("This link has expired.", 410) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink("This link is not valid.") from None
    try:
        action = Action(
            plan=str(payload["p"]),
            number=int(payload["n"]),
            kind=str(payload["k"]),
            round=int(payload["r"]),
            action=str(payload["a"]),
        )
    except (KeyError, TypeError, ValueError):
        raise BadLink("This link is not valid.") from None
    if (action.plan, action.number) != (str(public_id), number):
        raise BadLink("This link is for another night.")
    if action.action not in ACTIONS or action.kind not in Delivery.Kind.values:
        raise BadLink("This link is not valid.")
    return action


class LinkMaker:
    """A batch's links: each route reversed once per batch, not six times a message. An
    action's path differs from the next one's only in the plan, the night and the token, so
    reverse() runs once with stand-in values, which are then swapped for each night's. The
    pages every reminder links to, and each person's unsubscribe link, are made once too."""

    STAND_INS = {"public_id": uuid.UUID(int=0), "number": 987654321, "token": "TOKEN"}

    def __init__(self):
        self.today_url = absolute(reverse("today"))
        self.settings_url = absolute(reverse("reminder-settings"))
        self.paths = {push: self._pattern(push) for push in (False, True)}
        self.unsubscribes: dict[int, str] = {}

    def _pattern(self, push: bool) -> str:
        name = "reminder-push-action" if push else "reminder-action"
        path = reverse(name, kwargs=self.STAND_INS)
        for key, value in self.STAND_INS.items():
            path = path.replace(str(value), "{" + key + "}")
        return absolute(path)

    def action_url(self, delivery: Delivery, token: str, *, push: bool = False) -> str:
        """As action_url below makes it."""
        session = delivery.session
        return self.paths[push].format(
            public_id=session.plan.public_id, number=session.number, token=token
        )

    def unsubscribe_url(self, user) -> str:
        if user.pk not in self.unsubscribes:
            self.unsubscribes[user.pk] = unsubscribe_url(user)
        return self.unsubscribes[user.pk]


def unsubscribe_url(user) -> str:
    """One-click unsubscribe from reminder emails (RFC 8058): never expires, only turns email
    off, so a leaked link can do no more than that."""
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))
    return absolute(reverse("reminder-unsubscribe", kwargs={"token": token}))


def read_unsubscribe(token: str) -> int:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise BadLink("This unsubscribe link is not valid.") from None


def absolute(path: str) -> str:
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))
