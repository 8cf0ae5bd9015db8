"""Feed tokens, the discreet-titles switch, and the cheap "has it changed?" checks behind ETags."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from planner.models import FeedToken, Plan, PlanEvent
from planner.services import touch_plan

# Bump when the file's layout changes, so calendar apps do not keep an old copy on a 304.
FORMAT = 1


@dataclass(frozen=True)
class Freshness:
    """What a conditional GET compares: an ETag and a Last-Modified, without building the file."""

    etag: str
    last_modified: dt.datetime | None


def plan_row_freshness(plan_id: int, updated_at: dt.datetime) -> Freshness:
    """No query: every write to a plan's sessions also touches the plan's updated_at
    (planner.services), so the plan row alone says whether the file changed."""
    return _freshness(updated_at, "plan", plan_id, updated_at.timestamp())


def plans_freshness(user_id: int) -> Freshness:
    """One aggregate query over the person's active plans."""
    seen = (
        Plan.objects.filter(user_id=user_id)
        .active()
        .aggregate(
            plans=Count("id"),
            ids=Sum("id"),  # a plan leaving and another joining changes the sum
            changed=Max("updated_at"),
        )
    )
    return _freshness(seen["changed"], "user", user_id, *seen.values())


def _freshness(last: dt.datetime | None, *parts) -> Freshness:
    digest = hashlib.sha256(repr((FORMAT, *parts)).encode()).hexdigest()[:32]
    return Freshness(etag=digest, last_modified=last)


def feed_of(*, user, plan: Plan | None = None) -> FeedToken | None:
    """The live token of a plan's feed, or of the person's all-plans feed when plan is None."""
    return _live(user, plan).first()


@transaction.atomic
def feed_rotate(*, user, plan: Plan | None = None) -> FeedToken:
    """A new link; the old one (if any) stops working at once."""
    feed_revoke(user=user, plan=plan)
    return FeedToken.objects.create(user=user, plan=plan)


@transaction.atomic
def feed_revoke(*, user, plan: Plan | None = None) -> int:
    if plan:
        touch_plan(plan.pk)  # the plan page shows the link
    return _live(user, plan).update(revoked_at=timezone.now())


def _live(user, plan: Plan | None):
    tokens = FeedToken.objects.live().filter(user=user)
    return tokens.filter(plan=plan) if plan else tokens.filter(plan__isnull=True)


@transaction.atomic
def discreet_titles_set(*, plan: Plan, on: bool) -> Plan:
    """Saving bumps updated_at, so feeds answer with the new titles instead of a 304."""
    plan.discreet_titles = on
    plan.save(update_fields=["discreet_titles", "updated_at"])
    PlanEvent.objects.create(plan=plan, action=f"discreet titles {'on' if on else 'off'}")
    return plan
