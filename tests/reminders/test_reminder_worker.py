"""The worker's Huey tasks: the minute's tick finds what is due and hands the sending to
`deliver` tasks (run here in Huey's immediate mode, in memory, as a consumer would)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from planner.reminders.models import Delivery
from reminder_kit import daily_plan, opt_in

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
