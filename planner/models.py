"""Django looks for an app's models here: each feature keeps its own (planner/<feature>/models.py)
and this module only imports them, so that one app, one migration history, holds them all."""

from planner.accounts.models import ConfirmedEmail, Profile
from planner.calendars.models import FeedToken
from planner.plans.models import Plan, PlanEvent, RestPeriod, Session
from planner.reminders.models import Delivery, PushSubscription, ReminderSettings
from planner.symptoms.models import SymptomEntry

__all__ = [
    "ConfirmedEmail",
    "Delivery",
    "FeedToken",
    "Plan",
    "PlanEvent",
    "Profile",
    "PushSubscription",
    "ReminderSettings",
    "RestPeriod",
    "Session",
    "SymptomEntry",
]
