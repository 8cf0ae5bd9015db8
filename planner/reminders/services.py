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
import itertools
import uuid
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from planner.plans import services as plan_services
from planner.plans.models import Plan, Session
from planner.reminders import alerts, channels, push, schedule
from planner.reminders.links import Action, BadLink
from planner.reminders.message import compose
from planner.reminders.models import MAX_LEAD_MINUTES, Delivery, ReminderSettings, RuleWatch

Kind, Status = Delivery.Kind, Delivery.Status
LOOKBACK = dt.timedelta(days=2)  # covers a wash-off counted from a late application
LEASE = dt.timedelta(minutes=5)  # a claimed row waits this long for a worker that died
BATCH = 20
FIND_CHUNK = 2000
MAX_ATTEMPTS = 6
DUE_STATUSES = [Session.Status.PLANNED, Session.Status.DONE]  # as the index's condition says


def find_due(*, now: dt.datetime | None = None) -> int:
    """Insert a row for every reminder due by `now` that has none yet; how many it offered
    (another worker may have inserted some of them first: the constraint keeps one)."""
    now = now or timezone.now()
    # One range query, read FIND_CHUNK nights at a time: memory and each chunk's queries stay
    # the same size however many nights fall due at once.
    nights = due_nights(now).iterator(chunk_size=FIND_CHUNK)
    return sum(_offer(chunk, now) for chunk in _chunks(nights, FIND_CHUNK))


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
            with channels.email_connection() as connection:
                rows = Batch.load(worker, claimed, now=moment, connection=connection)
                if lost := len(claimed) - len(rows.rows):  # their lease ran out meanwhile
                    outcomes["lost"] += lost
                for row in rows.rows:
                    outcomes[deliver(row, rows)] += 1
        finally:
            release(worker)  # an exception (not a kill) leaves nothing waiting for the lease


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
        .filter(status=Status.PENDING, next_try_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_try_at", "pk")
    )


def release(worker: uuid.UUID) -> None:
    Delivery.objects.filter(claimed_by=worker).update(claimed_by=None, claimed_until=None)


@dataclass
class Batch:
    """A worker's claimed rows, read with what sending them needs in three queries (not three
    per row), and the one mail-server connection they go out on."""

    worker: uuid.UUID
    now: dt.datetime
    connection: object
    rows: list[Delivery]
    prefs: dict[int, ReminderSettings]  # by plan id, for nights' reminders
    watches: dict[int, RuleWatch]  # by plan id, for rule-change alerts

    @classmethod
    def load(cls, worker: uuid.UUID, pks: list[int], *, now: dt.datetime, connection) -> Batch:
        rows = list(
            Delivery.objects.select_related(
                "session__plan__user", "session__plan__rule", "plan__user", "plan__rule", "rule"
            ).filter(pk__in=pks, claimed_by=worker)  # not those whose lease ran out meanwhile
        )
        plans = {row.target_plan.pk: row.target_plan for row in rows}
        nights = [plans[row.session.plan_id] for row in rows if not row.is_alert]
        alerted = [row.plan_id for row in rows if row.is_alert]
        return cls(
            worker=worker,
            now=now,
            connection=connection,
            rows=rows,
            prefs=ReminderSettings.objects.effective_for(nights) if nights else {},
            watches={w.plan_id: w for w in RuleWatch.objects.filter(plan__in=alerted)},
        )

    def send(self, channel: str, user, message) -> None:
        if channel == "email":
            channels.send_email(user, message, self.connection)
        else:
            push.send_push(user, message)


def deliver(row: Delivery, batch: Batch) -> str:
    """Send one claimed reminder on each channel it still owes, and record the outcome."""
    if row.is_alert:
        return _deliver_alert(row, batch)
    night, now = row.session, batch.now
    prefs = batch.prefs.get(night.plan_id)
    wanted = prefs.channels if prefs else ()
    natural = schedule.due_at(row.kind, night, prefs) if wanted else None
    reason = schedule.why_not(row.kind, night, row.due_at, now)
    if reason is None and natural is None:
        reason = "turned off"
    if reason:
        return _finish(row, batch.worker, Status.DROPPED, reason)
    if not row.round and natural > now:  # the night moved later (e.g. ticked done later on)
        _update(row, batch.worker, due_at=natural, next_try_at=natural)
        return "moved"
    return _send(row, batch, wanted, compose(row))


def _deliver_alert(row: Delivery, batch: Batch) -> str:
    """An alert that the plan's regimen has a newer approved rule version."""
    watch = batch.watches.get(row.plan_id)
    reason = alerts.why_not(row, watch)
    if reason:
        return _finish(row, batch.worker, Status.DROPPED, reason)
    return _send(row, batch, watch.channels, alerts.compose(row))


def _send(row: Delivery, batch: Batch, wanted, message) -> str:
    failures, stamps = {}, {}
    for name in wanted:
        if getattr(row, f"{name}_sent_at") is not None:
            continue  # went out on an earlier try
        try:
            batch.send(name, row.target_plan.user, message)
        except (channels.Transient, channels.Permanent) as error:
            failures[name] = error
        else:
            stamps[f"{name}_sent_at"] = timezone.now()
            if len(wanted) > 1:  # at once, so that a retry of the other one skips this one
                _update(row, batch.worker, **stamps)
                stamps = {}
    if any(isinstance(e, channels.Transient) for e in failures.values()):
        return _retry(row, batch, failures)
    if failures and len(failures) == len(wanted):
        return _finish(row, batch.worker, Status.FAILED, _note(failures))
    # One channel: its stamp goes with the outcome, one write for both.
    sent = {"sent_at": timezone.now(), **stamps}
    return _finish(row, batch.worker, Status.SENT, _note(failures), **sent)


def _retry(row: Delivery, batch: Batch, failures) -> str:
    """Try again after 1, 2, 4, 8, 16 minutes; give up after MAX_ATTEMPTS, or when the next
    try would come too late to be useful."""
    attempts, worker = row.attempts + 1, batch.worker
    later = batch.now + dt.timedelta(minutes=2 ** (attempts - 1))
    note = f"try {attempts}: {_note(failures)}"
    if attempts >= MAX_ATTEMPTS:
        return _finish(row, worker, Status.FAILED, note, attempts=attempts)
    if not row.is_alert and schedule.why_not(row.kind, row.session, row.due_at, later):
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


def watch_rules(*, plan: Plan, email: bool, push: bool) -> RuleWatch | None:
    """Alerts on a newer approved version of the plan's rules, by these channels; none ticked
    removes the wish. The watch, or None when off."""
    if not (email or push):
        RuleWatch.objects.filter(plan=plan).delete()
        return None
    watch, _ = RuleWatch.objects.update_or_create(
        plan=plan, defaults={"email": email, "push": push}
    )
    return watch


@transaction.atomic
def unsubscribe_email(*, user_id: int) -> int:
    """Email off for all of a person's plans (RFC 8058's one click), reminders and rule-change
    alerts alike; how many rows changed."""
    now = timezone.now()
    watches = RuleWatch.objects.filter(plan__user_id=user_id, email=True)
    return ReminderSettings.objects.filter(user_id=user_id, email=True).update(
        email=False, updated_at=now
    ) + watches.update(email=False, updated_at=now)


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
