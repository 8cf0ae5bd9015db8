"""Feed tokens, the discreet-titles switch, and the ETag that says whether a calendar changed."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

import planner
import regimens
from planner.calendars.models import FeedToken
from planner.plans.models import Plan, PlanEvent, Session
from regimens.models import Regimen, RuleVersion


def calendar_etag(user_id: int, plans: models.QuerySet[Plan]) -> str:
    """The ETag of `user_id`'s calendar of `plans`: a digest of its owner (the all-plans
    calendar's identity), of every column the file is built from (the plans, their rule
    versions and regimens, their sessions) and of the code that writes it. Any change, by any
    path (a view, the admin, a shell's update()), changes it, and a deploy does too; nobody
    has to remember to mark anything changed."""
    plan_rows = plans.order_by("pk").values_list(
        *columns(Plan), *columns(RuleVersion, "rule__"), *columns(Regimen, "rule__regimen__")
    )
    session_rows = (
        Session.objects.filter(plan__in=plans)
        .order_by("plan", "number")
        .values_list(*columns(Session))
    )
    named = repr((release(), user_id, list(plan_rows), list(session_rows)))
    return hashlib.sha256(named.encode()).hexdigest()[:32]


def columns(model: type[models.Model], prefix: str = "") -> list[str]:
    return [prefix + field.attname for field in model._meta.concrete_fields]


@cache
def release() -> str:
    """A digest of every file of the two apps, once per process (a few milliseconds)."""
    digest = hashlib.sha256()
    for app in (Path(planner.__file__).parent, Path(regimens.__file__).parent):
        for path in sorted(app.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(app.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
    _lock_owner(user, plan)
    return _live(user, plan).update(revoked_at=timezone.now())


def _lock_owner(user, plan: Plan | None) -> None:
    """Lock the row the feed belongs to (the plan, or the person for the all-plans feed), so
    that two rotations in parallel take turns instead of both creating a live token."""
    users = get_user_model().objects
    owner = Plan.objects.filter(pk=plan.pk) if plan else users.filter(pk=user.pk)
    list(owner.select_for_update().values_list("pk"))


def _live(user, plan: Plan | None):
    tokens = FeedToken.objects.live().filter(user=user)
    return tokens.filter(plan=plan) if plan else tokens.filter(plan__isnull=True)


@transaction.atomic
def discreet_titles_set(*, plan: Plan, on: bool) -> Plan:
    plan.discreet_titles = on
    plan.save(update_fields=["discreet_titles", "updated_at"])
    PlanEvent.objects.create(plan=plan, action=f"discreet titles {'on' if on else 'off'}")
    return plan
