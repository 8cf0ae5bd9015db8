"""Feed tokens, the discreet-titles switch, and the ETag that says whether a calendar changed."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone

import planner
import regimens
from planner.accounts.locks import lock_person
from planner.calendars.models import FeedToken
from planner.plans.models import Plan, PlanEvent, Session


def calendar_etag(user_id: int, plans: Sequence[tuple[Plan, Sequence[Session]]]) -> str:
    """The ETag of `user_id`'s calendar of `plans` (each with its sessions, as loaded to build
    the file): a digest of its owner (the all-plans calendar's identity), of every column the
    file is built from (the plans, their rule versions and regimens, their sessions) and of the
    code that writes it. Any change, by any path (a view, the admin, a shell's update()),
    changes it, and a deploy does too; nobody has to remember to mark anything changed."""
    rows = [
        (row(plan), row(plan.rule), row(plan.rule.regimen), [row(s) for s in sessions])
        for plan, sessions in plans
    ]
    return hashlib.sha256(repr((release(), user_id, rows)).encode()).hexdigest()[:32]


def row(instance: models.Model) -> tuple:
    """Every column of a row."""
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)


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
    """A new link; the old one (if any) stops working at once. `replaced` on the new token
    says how many live links it replaced (0 for a first link)."""
    replaced = feed_revoke(user=user, plan=plan)
    token = FeedToken.objects.create(user=user, plan=plan)
    token.replaced = replaced
    return token


@transaction.atomic
def feed_revoke(*, user, plan: Plan | None = None) -> int:
    _lock_owner(user, plan)
    return _live(user, plan).update(revoked_at=timezone.now())


def _lock_owner(user, plan: Plan | None) -> None:
    """Lock the row the feed belongs to (the plan, or the person for the all-plans feed), so
    that two rotations in parallel take turns instead of both creating a live token."""
    if plan:
        list(Plan.objects.filter(pk=plan.pk).select_for_update().values_list("pk"))
    else:
        lock_person(user)


def _live(user, plan: Plan | None):
    tokens = FeedToken.objects.live().filter(user=user)
    return tokens.filter(plan=plan) if plan else tokens.filter(plan__isnull=True)


@transaction.atomic
def discreet_titles_set(*, plan: Plan, on: bool) -> Plan:
    """Set the titles; the history records a change, not a choice sent again (a double tap).
    The conditional update is the check: of two at once, the second finds nothing to change."""
    changed = (
        Plan.objects.filter(pk=plan.pk)
        .exclude(discreet_titles=on)
        .update(discreet_titles=on, updated_at=timezone.now())
    )
    if changed:
        PlanEvent.objects.create(plan=plan, action=f"discreet titles {'on' if on else 'off'}")
    plan.discreet_titles = on
    return plan
