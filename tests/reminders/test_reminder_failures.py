"""Failures: a transient SMTP failure is tried again with back-off, a permanent one is not, and
a worker that dies in the middle of a batch loses nothing and repeats nothing."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from planner.reminders import services
from planner.reminders.models import Delivery
from reminder_kit import daily_plan, opt_in, run_at

pytestmark = pytest.mark.usefixtures("catalogue")
START = dt.date(2026, 4, 6)
MINUTE = dt.timedelta(minutes=1)
PEOPLE = 6


class Flaky(EmailBackend):
    """The test's mailbox, failing the way it is told to."""

    fail_with: Exception | None = None
    fail_after: int | None = None  # sends that succeed before it fails

    def send_messages(self, messages):
        if Flaky.fail_after is not None and len(mail.outbox) >= Flaky.fail_after:
            raise Flaky.fail_with
        if Flaky.fail_after is None and Flaky.fail_with is not None:
            raise Flaky.fail_with
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{__name__}.Flaky"
    yield Flaky
    Flaky.fail_with = Flaky.fail_after = None


@pytest.fixture
def night(owner):
    opt_in(owner)
    return daily_plan(owner, START).sessions.get(date=START)


def test_a_transient_failure_is_tried_again_with_back_off(flaky, night):
    due = night.apply_at - 15 * MINUTE
    flaky.fail_with = smtplib.SMTPServerDisconnected("gone")
    assert run_at(due) == []
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.next_try_at) == ("pending", 1, due + MINUTE)
    assert "SMTPServerDisconnected" in row.note
    assert run_at(due + MINUTE) == []
    row.refresh_from_db()
    assert (row.attempts, row.next_try_at) == (2, due + 3 * MINUTE)  # then 2 minutes later
    assert run_at(due + 2 * MINUTE) == []  # not yet
    flaky.fail_with = None
    [message] = run_at(due + 3 * MINUTE)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert message.subject.startswith("Apply ")


def test_a_4xx_reply_is_transient_and_a_5xx_reply_is_permanent(flaky, night):
    due = night.apply_at - 15 * MINUTE
    flaky.fail_with = smtplib.SMTPDataError(451, b"try later")
    run_at(due)
    assert Delivery.objects.get().status == "pending"
    flaky.fail_with = smtplib.SMTPDataError(554, b"no")
    run_at(due + MINUTE)
    row = Delivery.objects.get()
    assert (row.status, row.note) == ("failed", "email: SMTP 554")
    flaky.fail_with = None
    assert run_at(due + 10 * MINUTE) == []  # never tried again


def test_retries_stop_when_the_reminder_would_come_too_late(flaky, night):
    due = night.apply_at - 15 * MINUTE
    flaky.fail_with = ConnectionRefusedError()
    at = due
    for _ in range(8):
        run_at(at)
        at += dt.timedelta(minutes=16)
    row = Delivery.objects.get()
    assert row.status in ("failed", "dropped")
    assert row.attempts <= services.MAX_ATTEMPTS


@pytest.fixture
def batch(catalogue):
    """Six people, each with a reminder due at the same instant."""
    from factories import make_user

    nights = []
    for i in range(PEOPLE):
        person = make_user(f"person{i}")
        opt_in(person)
        nights.append(daily_plan(person, START).sessions.get(date=START))
    return nights[0].apply_at - 15 * MINUTE


def test_a_worker_that_dies_mid_batch_loses_nothing_and_repeats_nothing(flaky, batch):
    flaky.fail_with, flaky.fail_after = SystemExit("the worker died"), 2
    with pytest.raises(SystemExit):
        run_at(batch)
    assert len(mail.outbox) == 2
    first = {message.to[0] for message in mail.outbox}
    flaky.fail_with = flaky.fail_after = None
    rest = run_at(batch + MINUTE)
    assert len(rest) == PEOPLE - 2
    assert {message.to[0] for message in rest}.isdisjoint(first)
    assert Delivery.objects.filter(status="sent").count() == PEOPLE


def test_rows_claimed_by_a_killed_worker_go_out_once_its_lease_runs_out(batch):
    services.find_due(now=batch)
    worker, claimed = services.claim(now=batch, limit=3)  # and then it is killed: no release
    assert len(claimed) == 3
    assert services.deliver_due(now=batch)["sent"] == PEOPLE - 3  # the others go at once
    assert services.deliver_due(now=batch + services.LEASE - MINUTE) == {}
    assert services.deliver_due(now=batch + services.LEASE + MINUTE)["sent"] == 3
    assert len(mail.outbox) == PEOPLE
    assert len({message.to[0] for message in mail.outbox}) == PEOPLE


def test_a_hard_kill_resends_only_the_unmarked_row_with_its_message_id(batch, monkeypatch):
    """Each row is marked sent right after the mail server took it. A SIGKILL between the
    two (and no `finally`: the claim is not released) leaves that one row unmarked and
    claimed: it goes again, with the same Message-ID, once the lease runs out; the rows
    marked before it never do."""
    from planner.reminders import sending

    update = sending._update

    def killed_before_the_third_mark(row, worker, **fields):
        if fields.get("status") == "sent" and len(mail.outbox) == 3:
            raise SystemExit("killed")
        update(row, worker, **fields)

    monkeypatch.setattr(sending, "_update", killed_before_the_third_mark)
    monkeypatch.setattr(sending, "release", lambda worker: None)
    with pytest.raises(SystemExit):
        run_at(batch)
    assert Delivery.objects.filter(status="sent").count() == 2
    monkeypatch.undo()
    assert run_at(batch + MINUTE) == []  # the claim holds until its lease runs out
    again = run_at(batch + services.LEASE + MINUTE)
    assert len(again) == PEOPLE - 2  # the sent but unmarked one, and those never sent
    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert len(ids) == PEOPLE + 1 and len(set(ids)) == PEOPLE
    assert Delivery.objects.filter(status="sent").count() == PEOPLE


def test_one_reminder_that_cannot_be_sent_does_not_hold_up_the_others(batch, monkeypatch, caplog):
    """A bug that hits one row (here its message cannot be built) is tried again like a
    transient failure, then given up; the batch goes on with other people's reminders."""
    from planner.reminders import sending

    compose = sending.compose

    def broken_for_person0(row, links):
        if row.session.plan.user.username == "person0":
            raise RuntimeError("cannot build it")
        return compose(row, links)

    monkeypatch.setattr(sending, "compose", broken_for_person0)
    sent = run_at(batch)
    assert len(sent) == PEOPLE - 1
    broken = Delivery.objects.get(session__plan__user__username="person0")
    assert (broken.status, broken.attempts) == ("pending", 1)
    assert broken.note == "try 1: error: RuntimeError"
    assert "could not be sent: RuntimeError" in caplog.text
    at = batch
    for _ in range(services.MAX_ATTEMPTS):
        at += dt.timedelta(minutes=16)
        run_at(at)
    broken.refresh_from_db()
    assert broken.status in ("failed", "dropped")
