"""The worker's Huey tasks: the minute's tick finds what is due and hands the sending to
`deliver` tasks (run here in Huey's immediate mode, in memory, as a consumer would)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from factories import make_user
from planner.reminders.models import Delivery
from reminder_kit import daily_plan, opt_in
from services import require_redis

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def huey():
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True  # an in-memory queue whose tasks run as they are enqueued
    yield HUEY
    HUEY.immediate = False


def test_the_minutes_tick_sends_what_is_due_through_deliver_tasks(huey, owner):
    from planner.reminders import tasks

    opt_in(owner)
    nights = [
        daily_plan(owner, dt.date(2026, 4, 6), label=f"area {i}").sessions.first() for i in range(3)
    ]
    with time_machine.travel(nights[0].apply_at - dt.timedelta(minutes=15), tick=False):
        assert tasks.tick.call_local() == 1  # one batch for three reminders
    assert sorted(m.subject for m in mail.outbox) == [
        f"Apply Zyclara 3.75% (area {i}) at 21:30" for i in range(3)
    ]
    assert Delivery.objects.filter(status="sent").count() == 3


def test_the_tick_is_a_periodic_task_every_minute(huey):
    from planner.reminders import tasks

    for minute in (0, 15, 16, 59):
        due = huey.read_periodic(dt.datetime(2026, 4, 6, 21, minute))
        assert [task.name for task in due] == [tasks.tick.task_class.__name__]


def test_expired_log_in_sessions_are_cleared_each_night(huey, owner):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from planner.reminders import tasks

    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.set_expiry(-60)  # ran out a minute ago
    expired.create()
    assert [t.name for t in huey.read_periodic(dt.datetime(2026, 4, 6, 3, 17))] == [
        tasks.tick.task_class.__name__,
        tasks.clear_expired_sessions.task_class.__name__,
    ]
    tasks.clear_expired_sessions.call_local()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


@pytest.mark.django_db(transaction=True)  # Huey's db tasks close connections between tasks
def test_on_redis_the_tick_and_its_deliver_tasks_go_through_the_queue(settings, catalogue):
    """CI's second run (REDIS_URL set): the queue is Redis, and a consumer's steps (dequeue,
    execute) carry the minute's tick and the deliver task it enqueues."""
    if settings.HUEY["huey_class"] != "huey.RedisHuey":
        pytest.skip("the Redis queue is used when REDIS_URL is set (CI's second run)")
    require_redis()
    from huey.contrib.djhuey import HUEY

    from planner.reminders import tasks

    owner = make_user("queued")
    opt_in(owner)
    night = daily_plan(owner, dt.date(2026, 4, 6)).sessions.first()
    HUEY.flush()
    try:
        with time_machine.travel(night.apply_at - dt.timedelta(minutes=15), tick=False):
            tasks.tick()  # as the consumer's scheduler enqueues it each minute
            assert HUEY.pending_count() == 1
            HUEY.execute(HUEY.dequeue())  # as a worker thread runs it
            assert HUEY.pending_count() == 1  # the deliver task it handed on
            HUEY.execute(HUEY.dequeue())
        assert [m.subject for m in mail.outbox] == ["Apply Zyclara 3.75% (left cheek) at 21:30"]
    finally:
        HUEY.flush()
