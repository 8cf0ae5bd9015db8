"""Finding the reminders that have fallen due: one delivery row each, safe on any number of
machines at once.

find_due inserts a delivery row for each (night, kind) that has fallen due. The unique
(night, kind) constraint and bulk_create(ignore_conflicts=True) make it idempotent: two machines
finding the same reminder insert one row between them. The senders (planner.reminders.sending)
then claim and send those rows.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from planner.plans.models import Plan, Session
from planner.reminders import assessment, schedule
from planner.reminders.models import MAX_LEAD_MINUTES, Delivery, ReminderSettings

LOOKBACK = dt.timedelta(days=2)  # covers a wash-off counted from a late application
FIND_CHUNK = 2000
DUE_STATUSES = [Session.Status.PLANNED, Session.Status.DONE]  # as the index's condition says


def find_due(*, now: dt.datetime | None = None) -> int:
    """Insert a row for every reminder due by `now` that has none yet; how many it offered
    (another worker may have inserted some of them first: the constraint keeps one)."""
    now = now or timezone.now()
    # One range query, read FIND_CHUNK nights at a time: memory and each chunk's queries stay
    # the same size however many nights fall due at once.
    nights = due_nights(now).iterator(chunk_size=FIND_CHUNK)
    offered = sum(_offer(chunk, now) for chunk in _chunks(nights, FIND_CHUNK))
    return offered + assessment.offer_due(now)


def _offer(nights: list[Session], now: dt.datetime) -> int:
    plans = running_plans({night.plan_id for night in nights}).in_bulk()
    nights = [night for night in nights if night.plan_id in plans]
    for night in nights:
        night.plan = plans[night.plan_id]
    prefs = ReminderSettings.objects.effective_for(plans.values())
    known = set(Delivery.objects.filter(session__in=nights).values_list("session_id", "kind"))
    rows = [
        Delivery(session=night, kind=kind, due_at=due, next_try_at=due)
        for night in nights
        for kind, due in _due_now(night, prefs.get(night.plan_id), now)
        if (night.pk, kind) not in known
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _chunks(items, size: int):
    """Lists of `size` items (the last one shorter) from an iterable: itertools.batched."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def due_nights(now: dt.datetime):
    """The nights that may have a reminder due at `now`: a range of the index on the apply time
    of planned and done nights (planner.plans.models.Session), so finished plans, whose nights
    are past or cancelled, cost nothing here however many there are. No join: joined to the
    plans, PostgreSQL may hash every plan and user to find the few it needs."""
    return Session.objects.filter(
        status__in=DUE_STATUSES,
        apply_at__gte=now - LOOKBACK,
        apply_at__lte=now + dt.timedelta(minutes=MAX_LEAD_MINUTES),
    ).order_by()  # in any order: the default one (the plans' dates) would sort them all


def running_plans(ids):
    """Those of these plans still running, with their owners: looked up by primary key."""
    plans = Plan.objects.filter(pk__in=ids, status=Plan.Status.ACTIVE, user__is_active=True)
    return plans.select_related("user").order_by()


def _due_now(night: Session, prefs: ReminderSettings | None, now: dt.datetime):
    """(kind, due instant) of each reminder of `night` due by `now` and still worth sending;
    none before the person turned reminders on."""
    if prefs is None or not prefs.channels:
        return
    for kind in schedule.WANTS:  # a night's kinds (alerts are queued on approval)
        due = schedule.due_at(kind, night, prefs)
        if due is None or due > now or (prefs.on_since and due < prefs.on_since):
            continue
        if schedule.why_not(kind, night, due, now) is None:
            yield kind, due
