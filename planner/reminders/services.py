"""Finding the reminders that are due, sending each once, and what the links in them do.

Two steps, each safe on any number of machines at once:

- find_due inserts a delivery row for each (night, kind) that has fallen due. The unique
  (night, kind) constraint and bulk_create(ignore_conflicts=True) make it idempotent: two
  machines finding the same reminder insert one row between them.
- deliver_due claims pending rows with SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite
  runs one writer at a time anyway) and stamps them with a lease, commits, then sends each one
  and commits its outcome on its own. A worker killed mid-batch loses nothing (its lease runs
  out and another takes the rest) and repeats nothing already marked delivered. The one gap
  left is a crash between the mail server accepting a message and our commit saying so: that
  message can go twice, never zero times.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from planner.plans import services as plan_services
from planner.plans.models import Plan, Session
from planner.reminders import channels, push, schedule
from planner.reminders.links import Action, BadLink
from planner.reminders.message import compose
from planner.reminders.models import MAX_LEAD_MINUTES, Delivery, ReminderSettings

Kind, Status = Delivery.Kind, Delivery.Status
LOOKBACK = dt.timedelta(days=2)  # covers a wash-off counted from a late application
LEASE = dt.timedelta(minutes=5)  # a claimed row waits this long for a worker that died
BATCH = 20
MAX_ATTEMPTS = 6
CHANNELS = {"email": channels.send_email, "push": push.send_push}


def find_due(*, now: dt.datetime | None = None) -> int:
    """Insert a row for every reminder due by `now` that has none yet; how many it offered
    (another worker may have inserted some of them first: the constraint keeps one)."""
    now = now or timezone.now()
    nights = list(
        Session.objects.filter(
            plan__status=Plan.Status.ACTIVE,
            plan__user__is_active=True,
            status__in=(Session.Status.PLANNED, Session.Status.DONE),
            apply_at__gte=now - LOOKBACK,
            apply_at__lte=now + dt.timedelta(minutes=MAX_LEAD_MINUTES),
        ).select_related("plan__user")
    )
    prefs = ReminderSettings.objects.effective_for({n.plan_id: n.plan for n in nights}.values())
    known = set(Delivery.objects.filter(session__in=nights).values_list("session_id", "kind"))
    rows = [
        Delivery(session=night, kind=kind, due_at=due, next_try_at=due)
        for night in nights
        for kind, due in _due_now(night, prefs.get(night.plan_id), now)
        if (night.pk, kind) not in known
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _due_now(night: Session, prefs: ReminderSettings | None, now: dt.datetime):
    """(kind, due instant) of each reminder of `night` due by `now` and still worth sending;
    none before the person turned reminders on."""
    if prefs is None or not prefs.channels:
        return
    for kind in Kind.values:
        due = schedule.due_at(kind, night, prefs)
        if due is None or due > now or (prefs.on_since and due < prefs.on_since):
            continue
        if schedule.why_not(kind, night, due, now) is None:
            yield kind, due


def deliver_due(*, now: dt.datetime | None = None, batch: int = BATCH) -> Counter:
    """Send every pending reminder whose time has come, a batch of claimed rows at a time,
    until none is left that this worker may take. Counts outcomes ("sent", "retry", ...)."""
    outcomes = Counter()
    while True:
        moment = now or timezone.now()
        worker, claimed = claim(now=moment, limit=batch)
        if not claimed:
            return outcomes
        try:
            for pk in claimed:
                outcomes[deliver(pk, worker=worker, now=moment)] += 1
        finally:
            release(worker)  # an exception (not a kill) leaves nothing waiting for the lease


def claim(*, now: dt.datetime, limit: int) -> tuple[uuid.UUID, list[int]]:
    """Take up to `limit` due rows no other worker holds; they are this worker's until the
    lease runs out. Committed at once, so the lock is held only for the claim."""
    worker = uuid.uuid4()
    with transaction.atomic():
        pks = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, next_try_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("next_try_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=pks).update(claimed_by=worker, claimed_until=now + LEASE)
    return worker, pks


def release(worker: uuid.UUID) -> None:
    Delivery.objects.filter(claimed_by=worker).update(claimed_by=None, claimed_until=None)


def deliver(pk: int, *, worker: uuid.UUID, now: dt.datetime) -> str:
    """Send one claimed reminder on each channel it still owes, and record the outcome."""
    row = (
        Delivery.objects.select_related("session__plan__user", "session__plan__rule__regimen")
        .filter(pk=pk, claimed_by=worker)
        .first()
    )
    if row is None:  # the lease ran out and another worker took it
        return "lost"
    night = row.session
    prefs = ReminderSettings.objects.effective_for([night.plan]).get(night.plan_id)
    wanted = prefs.channels if prefs else ()
    natural = schedule.due_at(row.kind, night, prefs) if wanted else None
    reason = schedule.why_not(row.kind, night, row.due_at, now)
    if reason is None and natural is None:
        reason = "turned off"
    if reason:
        return _finish(row, worker, Status.DROPPED, reason)
    if not row.round and natural > now:  # the night moved later (e.g. ticked done later on)
        _update(row, worker, due_at=natural, next_try_at=natural)
        return "moved"
    return _send(row, worker, wanted, now)


def _send(row: Delivery, worker: uuid.UUID, wanted, now: dt.datetime) -> str:
    message = compose(row)
    failures = {}
    for name in wanted:
        if getattr(row, f"{name}_sent_at") is not None:
            continue  # went out on an earlier try
        try:
            CHANNELS[name](row.session.plan.user, message)
        except (channels.Transient, channels.Permanent) as error:
            failures[name] = error
        else:
            _update(row, worker, **{f"{name}_sent_at": timezone.now()})
    if any(isinstance(e, channels.Transient) for e in failures.values()):
        return _retry(row, worker, now, failures)
    if failures and len(failures) == len(wanted):
        return _finish(row, worker, Status.FAILED, _note(failures))
    return _finish(row, worker, Status.SENT, _note(failures), sent_at=timezone.now())


def _retry(row: Delivery, worker: uuid.UUID, now: dt.datetime, failures) -> str:
    """Try again after 1, 2, 4, 8, 16 minutes; give up after MAX_ATTEMPTS, or when the next
    try would come too late to be useful."""
    attempts = row.attempts + 1
    later = now + dt.timedelta(minutes=2 ** (attempts - 1))
    note = f"try {attempts}: {_note(failures)}"
    if attempts >= MAX_ATTEMPTS:
        return _finish(row, worker, Status.FAILED, note, attempts=attempts)
    if schedule.why_not(row.kind, row.session, row.due_at, later):
        return _finish(row, worker, Status.DROPPED, f"too late after {note}", attempts=attempts)
    _update(row, worker, attempts=attempts, next_try_at=later, note=note[:200])
    return "retry"


def _finish(row: Delivery, worker: uuid.UUID, status: str, note: str, **fields) -> str:
    _update(row, worker, status=status, note=note[:200], **fields)
    return status


def _update(row: Delivery, worker: uuid.UUID, **fields) -> None:
    """Commit one change to a row this worker still holds (autocommit: each on its own)."""
    Delivery.objects.filter(pk=row.pk, claimed_by=worker).update(**fields)
    for name, value in fields.items():
        setattr(row, name, value)


def _note(failures) -> str:
    return "; ".join(f"{name}: {error}" for name, error in failures.items())


def run_once(*, now: dt.datetime | None = None) -> Counter:
    """Find and send whatever is due now: `manage.py reminders --once` and the worker's tick."""
    found = find_due(now=now)
    outcomes = deliver_due(now=now)
    outcomes["found"] = found
    return outcomes


def save_settings(*, prefs: ReminderSettings, was_on: bool, now: dt.datetime) -> ReminderSettings:
    """Save settings; turning a channel on starts from now: nothing already due is sent."""
    if prefs.channels and not was_on:
        prefs.on_since = now
    prefs.full_clean()
    prefs.save()
    return prefs


@transaction.atomic
def unsubscribe_email(*, user_id: int) -> int:
    """Email off for all of a person's plans (RFC 8058's one click); how many rows changed."""
    return ReminderSettings.objects.filter(user_id=user_id, email=True).update(
        email=False, updated_at=timezone.now()
    )


# The three one-tap actions. "Skip tonight" records the night as missed, not rest: a rest
# is a break the person plans ahead (the plan page's rest periods), while skipping from a
# reminder is not applying a night that was due, which adherence must count. Either can be
# undone on Today.
MARK = {"done": Session.Status.DONE, "skip": Session.Status.MISSED}


def check_link(grant: Action) -> Session:
    """The night a link acts on, if it still may (looked at without locks, for the page that
    asks to confirm); BadLink saying why not."""
    night = _night(grant)
    if night.plan.status != Plan.Status.ACTIVE:
        raise BadLink(plan_services.ENDED, 410)
    _usable(Delivery.objects.filter(session=night, kind=grant.kind).first(), grant)
    return night


@transaction.atomic
def act(*, grant: Action, now: dt.datetime) -> tuple[Session, str]:
    """Carry out a checked link's action on its night, once. Locks the plan first (as every
    change to a plan does), then the delivery row, so a link tapped twice at once acts once."""
    night = _night(grant)
    try:
        plan_services.lock_active_plan(night.plan_id)
    except plan_services.Refused as refused:
        raise BadLink(str(refused), 410) from None
    row = Delivery.objects.select_for_update().filter(session=night, kind=grant.kind).first()
    _usable(row, grant)
    night.refresh_from_db()
    said = _do(grant.action, night, row, now)
    Delivery.objects.filter(pk=row.pk).update(
        acted_round=grant.round, acted=grant.action, acted_at=now
    )
    night.refresh_from_db()
    return night, said


def _night(grant: Action) -> Session:
    night = (
        Session.objects.select_related("plan__rule__regimen", "plan__user")
        .filter(plan__public_id=grant.plan, number=grant.number)
        .first()
    )
    if night is None:
        raise BadLink("This night no longer exists.", 404)
    return night


def _usable(row: Delivery | None, grant: Action) -> None:
    if row is None or row.round != grant.round:
        raise BadLink("A later reminder replaced this one: use the links in the latest.", 410)
    if row.acted_round == grant.round:
        raise BadLink("This link has already been used.", 410)


def _do(action: str, night: Session, row: Delivery, now: dt.datetime) -> str:
    if action == "snooze":
        return _snooze(night, row, now)
    if night.status != Session.Status.PLANNED:
        raise BadLink(
            f"Application {night.number} is already recorded as "
            f"{night.get_status_display().lower()}: change it on Today if that is wrong."
        )
    _check_window(night, now)
    # "Done now" from a wash-off reminder is not an application at wash-off time: it says
    # the night happened, so it counts at its planned time and the wash-off stays.
    done_at = None if row.kind == Kind.WASH_OFF else now
    try:
        plan_services.session_mark(session=night, status=MARK[action], done_at=done_at)
    except plan_services.Refused as refused:
        raise BadLink(str(refused), 400) from None
    said = f"Application {night.number} recorded as {MARK[action].label.lower()}"
    return f"{said} (at its planned time)." if action == "done" and done_at is None else f"{said}."


def _snooze(night: Session, row: Delivery, now: dt.datetime) -> str:
    later = now + schedule.SNOOZE
    if later >= schedule.deadline(row.kind, night) or night.status not in schedule.WANTS[row.kind]:
        raise BadLink("Too late to snooze this reminder.", 410)
    Delivery.objects.filter(pk=row.pk).update(
        round=row.round + 1,
        status=Status.PENDING,
        due_at=later,
        next_try_at=later,
        attempts=0,
        email_sent_at=None,
        push_sent_at=None,
        sent_at=None,
        claimed_by=None,
        claimed_until=None,
        note="snoozed",
    )
    local = later.astimezone(night.plan.zone)
    return f"Snoozed: the reminder comes again at {local:%H:%M}."


def _check_window(night: Session, now: dt.datetime) -> None:
    """A link records only a night whose window is open now (the rule's hours around the
    planned time): Today and the plan page record any other."""
    rule = night.plan.rule
    first = night.apply_at - dt.timedelta(hours=getattr(rule, "done_hours_before", 6))
    last = night.apply_at + dt.timedelta(hours=getattr(rule, "done_hours_after", 12))
    if not first <= now <= last:
        raise BadLink("This night can no longer be recorded from a reminder: use Today.", 410)
