"""Sending claimed reminders, each once, and recording what became of them.

deliver_due claims a batch of due rows (planner.reminders.claims), reads what sending them
needs in three queries, and sends them over one mail-server connection.

What a crash can do. A row is marked sent only after the mail server (or push service) took
it, in one UPDATE of its own (autocommit: no transaction around it), and a sent row is never
claimed again; every other outcome (a retry, a drop, a failure) is recorded the same way. So:

- one row that raises (a bug) is tried again later, as a transient failure is, while the
  batch goes on (deliver_one);
- nothing is lost: a worker killed mid-batch holds its rows until the lease runs out, then
  another worker sends those not marked;
- nothing marked sent goes twice;
- a hard kill (SIGKILL, power loss) between the mail server taking a message and the commit
  that marks it lets that one message go again when the lease runs out, with the first
  copy's Message-ID (made from the row and its round), which mail systems use to drop it.

A commit per message waits for the database's disk flush, which cost more than building and
sending the message. `make worker` sets ASYNC_COMMIT (planner/settings.py): PostgreSQL then
confirms the worker's commits before flushing them, so a killed worker still loses no mark,
and only a crash of the database server can lose its last fraction of a second of them (those
messages go again, as above).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from planner.reminders import alerts, assessment, channels, push, schedule
from planner.reminders.claims import BATCH, claim, release
from planner.reminders.due import find_due
from planner.reminders.links import LinkMaker
from planner.reminders.message import compose
from planner.reminders.models import Delivery, ReminderSettings, RuleWatch
from regimens.models import RuleVersion

Kind, Status = Delivery.Kind, Delivery.Status
MAX_ATTEMPTS = 6
logger = logging.getLogger(__name__)


def run_once(*, now: dt.datetime | None = None) -> Counter:
    """Find and send whatever is due now: `manage.py reminders --once` and the worker's tick."""
    found = find_due(now=now)
    outcomes = deliver_due(now=now)
    outcomes["found"] = found
    return outcomes


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
                    outcomes[deliver_one(row, rows)] += 1
        finally:
            release(worker)  # an exception (not a kill) leaves nothing waiting for the lease


@dataclass
class Batch:
    """A worker's claimed rows, read with what sending them needs in three queries (not three
    per row), the one mail-server connection they go out on, and their links' maker."""

    worker: uuid.UUID
    now: dt.datetime
    connection: object
    rows: list[Delivery]
    prefs: dict[int, ReminderSettings]  # by plan id: nights' reminders and assessment days
    watches: dict[int, RuleWatch]  # by plan id, for rule-change alerts
    links: LinkMaker

    @classmethod
    def load(cls, worker: uuid.UUID, pks: list[int], *, now: dt.datetime, connection) -> Batch:
        rows = list(
            Delivery.objects.select_related(
                "session__plan__user__confirmed_email", "plan__user__confirmed_email"
            ).filter(
                pk__in=pks,
                claimed_by=worker,  # not those whose lease ran out meanwhile
            )
        )
        _attach_rules(rows)
        plans = {row.target_plan.pk: row.target_plan for row in rows}
        wanting = [plans[row.target_plan.pk] for row in rows if not row.is_alert]
        alerted = [row.plan_id for row in rows if row.is_alert]
        return cls(
            worker=worker,
            now=now,
            connection=connection,
            rows=rows,
            prefs=ReminderSettings.objects.effective_for(wanting) if wanting else {},
            watches={w.plan_id: w for w in RuleWatch.objects.filter(plan__in=alerted)},
            links=LinkMaker(),
        )

    def send(self, channel: str, user, message) -> None:
        if channel == "email":
            channels.send_email(user, message, self.connection)
        else:
            push.send_push(user, message)


def _attach_rules(rows: list[Delivery]) -> None:
    """Each plan's rule version, and each alert's new one: read once for the batch (a few
    versions for many rows; joined, each row carried a copy of its rule's long texts)."""
    ids = {row.target_plan.rule_id for row in rows} | {row.rule_id for row in rows if row.rule_id}
    rules = RuleVersion.objects.in_bulk(ids)
    for row in rows:
        row.target_plan.rule = rules[row.target_plan.rule_id]
        if row.rule_id:
            row.rule = rules[row.rule_id]


def deliver_one(row: Delivery, batch: Batch) -> str:
    """deliver(), but an error that hits one row (a bug, a message that cannot be built) is
    tried again as a transient failure is, then given up, rather than stopping the batch: the
    rows after it are other people's reminders. Only the error's type is logged: its text
    could carry a link's token."""
    try:
        return deliver(row, batch)
    except Exception as error:  # noqa: BLE001
        logger.error("Reminder %s could not be sent: %s", row.pk, type(error).__name__)
        return _retry(row, batch, {"error": type(error).__name__})


def deliver(row: Delivery, batch: Batch) -> str:
    """Send one claimed reminder on each channel it still owes, and record the outcome."""
    if row.is_alert:
        return _deliver_alert(row, batch)
    if row.kind == Kind.ASSESSMENT:
        return _deliver_assessment(row, batch)
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
    return _send(row, batch, wanted, compose(row, batch.links))


def _deliver_alert(row: Delivery, batch: Batch) -> str:
    """An alert that the plan's regimen has a newer approved rule version."""
    watch = batch.watches.get(row.plan_id)
    reason = alerts.why_not(row, watch)
    if reason:
        return _finish(row, batch.worker, Status.DROPPED, reason)
    return _send(row, batch, watch.channels, alerts.compose(row))


def _deliver_assessment(row: Delivery, batch: Batch) -> str:
    """The assessment day's reminder to record its result."""
    prefs = batch.prefs.get(row.plan_id)
    reason = assessment.why_not(row, prefs, batch.now)
    if reason:
        return _finish(row, batch.worker, Status.DROPPED, reason)
    return _send(row, batch, prefs.channels, assessment.compose(row, batch.links))


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
    sent = {"sent_at": timezone.now(), **stamps}  # one channel: its stamp goes with the mark
    return _finish(row, batch.worker, Status.SENT, _note(failures), **sent)


def _retry(row: Delivery, batch: Batch, failures) -> str:
    """Try again after 1, 2, 4, 8, 16 minutes; give up after MAX_ATTEMPTS, or when the next
    try would come too late to be useful."""
    attempts, worker = row.attempts + 1, batch.worker
    later = batch.now + dt.timedelta(minutes=2 ** (attempts - 1))
    note = f"try {attempts}: {_note(failures)}"
    if attempts >= MAX_ATTEMPTS:
        return _finish(row, worker, Status.FAILED, note, attempts=attempts)
    if _too_late(row, batch, later):
        return _finish(row, worker, Status.DROPPED, f"too late after {note}", attempts=attempts)
    _update(row, worker, attempts=attempts, next_try_at=later, note=note[:200])
    return "retry"


def _too_late(row: Delivery, batch: Batch, later: dt.datetime) -> bool:
    if row.kind == Kind.ASSESSMENT:
        return assessment.why_not(row, batch.prefs.get(row.plan_id), later) is not None
    if row.is_alert:
        return False
    return schedule.why_not(row.kind, row.session, row.due_at, later) is not None


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
