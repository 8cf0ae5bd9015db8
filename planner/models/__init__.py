from planner.models.feeds import FeedToken
from planner.models.plans import Plan, PlanEvent, RestPeriod, Session
from planner.models.profiles import Profile
from planner.models.symptoms import SymptomEntry

__all__ = [
    "FeedToken",
    "Plan",
    "PlanEvent",
    "Profile",
    "RestPeriod",
    "Session",
    "SymptomEntry",
]
