"""A night moved after its reminder went (a plan change, a late tick) gets the reminder again
at its new time, once, under a new Message-ID; nights that did not move get nothing twice;
and the old message's links no longer act: they are refused, as a snoozed round's are, since
they announced a time that no longer holds (a Snooze from them would even pull the new
reminder earlier)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from races import at_once
from test_reminder_concurrency import WORKERS

from factories import make_user
from planner.plans import changes
from planner.plans import services as plan_services
from planner.reminders import claims, sending
from planner.reminders.due import find_due
from planner.reminders.models import Delivery
from reminder_kit import EVERY_DAY, NEW_YORK, daily_plan, links_in, opt_in, run_at

pytestmark = pytest.mark.usefixtures("catalogue")
START = dt.date(2026, 4, 6)
MINUTE = dt.timedelta(minutes=1)
PEOPLE = 12


@pytest.fixture
def plan(owner):
    opt_in(owner)
    return daily_plan(owner, START)


@pytest.fixture
def night(plan):
    return plan.sessions.get(date=START + dt.timedelta(days=1))


def change(plan, day: dt.date, at: dt.datetime, time=dt.time(23, 0)):
    """Change the plan to `time` from `day` on, with the clock at `at`."""
    with time_machine.travel(at, tick=False):
        changes.plan_change(
            plan=plan,
            from_date=day,
            application_time=time,
            timezone=NEW_YORK,
            weekdays=EVERY_DAY,
            today=day,
            now=at,
        )


def tap(path: str, at: dt.datetime):
    with time_machine.travel(at, tick=False):
        return Client().post(path)


def test_tonight_moved_after_its_reminder_went_is_reminded_again_at_the_new_time(plan, night):
    [first] = run_at(night.apply_at - 15 * MINUTE)  # 21:15 for 21:30
    change(plan, night.date, night.apply_at - 10 * MINUTE)  # at 21:20: tonight at 23:00
    night.refresh_from_db()
    assert night.apply_at.astimezone(night.zone).time() == dt.time(23, 0)
    assert run_at(night.apply_at - 16 * MINUTE) == []
    [again] = run_at(night.apply_at - 15 * MINUTE)  # 22:45
    assert again.subject == "Apply Zyclara 3.75% (left cheek) at 23:00"
    assert again.extra_headers["Message-ID"] != first.extra_headers["Message-ID"]
    assert run_at(night.apply_at - 5 * MINUTE) == []  # once
    row = Delivery.objects.get(session=night, kind="apply")
    assert (row.round, row.status, row.due_at) == (1, "sent", night.apply_at - 15 * MINUTE)


def test_nights_that_did_not_move_get_nothing_twice(plan, night):
    run_at(night.apply_at - 15 * MINUTE)
    run_at(night.wash_off_at)  # the wash-off reminder of the night
    tomorrow = night.date + dt.timedelta(days=1)
    change(plan, tomorrow, night.wash_off_at + MINUTE)  # from tomorrow on: not this night
    assert run_at(night.wash_off_at + 2 * MINUTE) == []
    rows = Delivery.objects.filter(session=night)
    assert sorted(rows.values_list("kind", "round", "status")) == [
        ("apply", 0, "sent"),
        ("wash_off", 0, "sent"),
    ]


def test_the_old_messages_snooze_is_refused_and_its_done_records_the_moved_night(plan, night):
    [first] = run_at(night.apply_at - 15 * MINUTE)
    old = links_in(first)
    change(plan, night.date, night.apply_at - 10 * MINUTE)
    night.refresh_from_db()
    # Before the new reminder: the old Snooze would pull it to 21:55, before 22:45.
    refused = tap(old["snooze"], night.apply_at - 90 * MINUTE)
    assert refused.status_code == 410 and b"the night&#x27;s time changed" in refused.content
    row = Delivery.objects.get(session=night, kind="apply")
    assert (row.round, row.status, row.due_at) == (1, "pending", night.apply_at - 15 * MINUTE)
    [again] = run_at(night.apply_at - 15 * MINUTE)
    # "Done now" names the night, not the reminder: it records the night at its new time
    assert tap(old["done"], night.apply_at).status_code == 200
    night.refresh_from_db()
    assert night.status == "done"
    assert tap(links_in(again)["done"], night.apply_at).status_code == 400  # done already


def test_a_worker_sending_the_old_round_does_not_mark_the_new_one(plan, night):
    due = night.apply_at - 15 * MINUTE
    find_due(now=due)
    worker, pks = claims.claim(now=due, limit=10)  # claimed, about to send
    change(plan, night.date, due + MINUTE)
    with time_machine.travel(due + 2 * MINUTE, tick=False):
        batch = sending.Batch.load(worker, pks, now=due + 2 * MINUTE, connection=None)
    assert batch.rows == []  # its claim is gone with the old round
    row = Delivery.objects.get(session=night, kind="apply")
    assert (row.round, row.status, row.claimed_by) == (1, "pending", None)
    night.refresh_from_db()
    assert len(run_at(night.apply_at - 15 * MINUTE)) == 1


def test_ticked_done_later_after_the_wash_off_reminder_is_reminded_at_the_new_wash_off(night):
    run_at(night.apply_at - 15 * MINUTE)
    [wash] = run_at(night.wash_off_at)  # 05:30
    late = night.apply_at + 3 * dt.timedelta(hours=1)  # applied at 00:30, ticked at 06:00
    with time_machine.travel(night.wash_off_at + 30 * MINUTE, tick=False):
        plan_services.session_mark(session=night, status="done", done_at=late)
    assert run_at(night.wash_off_at + 31 * MINUTE) == []
    [again] = run_at(late + dt.timedelta(hours=8))
    assert again.subject.endswith("at 08:30")
    assert run_at(late + dt.timedelta(hours=8, minutes=5)) == []
    assert Delivery.objects.get(session=night, kind="apply").round == 0  # not moved: not again


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_changes_racing_workers_leave_one_new_round_per_moved_night():
    """Workers send the 21:15 reminders while each person moves tonight to 23:00: whichever
    comes first, each night ends with its new round sent once at 22:45."""
    nights = []
    for i in range(PEOPLE):
        person = make_user(f"person{i}")
        opt_in(person)
        nights.append(daily_plan(person, START).sessions.get(date=START))
    due = nights[0].apply_at - 15 * MINUTE
    find_due(now=due)

    def work(index: int):
        if index < WORKERS:
            return sending.deliver_due(now=due + MINUTE, batch=3)["sent"]
        return change(nights[index - WORKERS].plan, START, due + MINUTE)

    failed = [out for out in at_once(work, WORKERS + PEOPLE) if isinstance(out, Exception)]
    assert not failed, failed
    later = nights[0].apply_at + dt.timedelta(hours=1, minutes=15)  # 22:45
    assert run_at(later)  # the new round of each night
    assert run_at(later + MINUTE) == []
    rows = Delivery.objects.filter(kind="apply")
    assert sorted(rows.values_list("round", "status")) == [(1, "sent")] * PEOPLE
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(ids) == len(set(ids))  # one message per row and round, never two
    assert sum(".1@" in i for i in ids) == PEOPLE
