"""Claiming due delivery rows: SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite runs one
writer at a time anyway) and a lease. A claimed row is one worker's until its lease runs out: a
worker killed mid-batch holds its rows only that long, then another takes them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Q

from planner.reminders.models import Delivery

LEASE = dt.timedelta(minutes=5)  # a claimed row waits this long for a worker that died
BATCH = 100  # rows a claim takes: its claim, load and release are shared by that many sends


def claim(*, now: dt.datetime, limit: int) -> tuple[uuid.UUID, list[int]]:
    """Take up to `limit` due rows no other worker holds; they are this worker's until the
    lease runs out. Committed at once, so the lock is held only for the claim."""
    worker = uuid.uuid4()
    with transaction.atomic():
        pks = list(claimable(now).values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(pk__in=pks).update(claimed_by=worker, claimed_until=now + LEASE)
    return worker, pks


def claimable(now: dt.datetime):
    """Due rows no other worker holds, locked as read, in the order of the index on pending
    rows (Delivery.Meta), so that a claim reads its batch and stops."""
    return (
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=Delivery.Status.PENDING, next_try_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_try_at", "pk")
    )


def release(worker: uuid.UUID) -> None:
    Delivery.objects.filter(claimed_by=worker).update(claimed_by=None, claimed_until=None)
