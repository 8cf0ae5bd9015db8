"""Whether a plan's reminders can reach its owner. Reminders start off, and a channel that is on
can still reach nobody (an address not confirmed, no device subscribed): Today and the plan
page say so for each plan that no reminder will reach, and what is missing."""

from dataclasses import dataclass

from planner.accounts.confirmation import is_confirmed
from planner.reminders.models import ReminderSettings


@dataclass(frozen=True)
class Reach:
    """Plan ids: those whose reminders reach their owner, and of the others, those with email
    on (waiting for the address to be confirmed, or for one) and with notifications on (no
    device)."""

    reached: frozenset[int]
    unconfirmed: frozenset[int]
    no_device: frozenset[int]


def reminder_reach(user, plans) -> Reach:
    """Where the user's plans' reminders can go. At most three queries."""
    settings = ReminderSettings.objects.effective_for(plans)
    wanted = {channel for row in settings.values() for channel in row.channels}
    working = set()
    if "email" in wanted and is_confirmed(user):
        working.add("email")
    if "push" in wanted and user.push_subscriptions.exists():
        working.add("push")
    reached = frozenset(pk for pk, row in settings.items() if working.intersection(row.channels))

    def waiting(channel: str) -> frozenset[int]:
        return frozenset(
            pk for pk, row in settings.items() if pk not in reached and channel in row.channels
        )

    return Reach(reached, waiting("email"), waiting("push"))
