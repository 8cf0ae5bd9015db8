"""Whether a plan's reminders can reach its owner. Reminders start off, and a channel that is on
can still reach nobody (an address not confirmed, no device subscribed): Today and the plan
page say so for each plan that no reminder will reach."""

from planner.accounts.confirmation import is_confirmed
from planner.reminders.models import ReminderSettings


def plans_reached(user, plans) -> set[int]:
    """The ids of the user's plans whose reminders can reach them. At most three queries."""
    settings = ReminderSettings.objects.effective_for(plans)
    wanted = {channel for row in settings.values() for channel in row.channels}
    working = set()
    if "email" in wanted and is_confirmed(user):
        working.add("email")
    if "push" in wanted and user.push_subscriptions.exists():
        working.add("push")
    return {pk for pk, row in settings.items() if working.intersection(row.channels)}
